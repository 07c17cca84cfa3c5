package dev.prefork.core.master;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The master's one event queue: any thread posts, the loop takes them in order. Posting wakes the
 * loop out of its wait on the sockets. A signal already waiting is not queued twice, as the kernel
 * does with pending signals: a storm of one signal asks for one action.
 */
final class EventQueue {

	private final Queue<MasterEvent> queue = new ConcurrentLinkedQueue<>();

	private final Runnable wakeup;

	/**
	 * @param wakeup wakes the master's loop
	 */
	EventQueue(Runnable wakeup) {
		this.wakeup = wakeup;
	}

	/**
	 * Posts an event and wakes the loop.
	 * @param event the event
	 */
	void post(MasterEvent event) {
		if (!(event instanceof MasterEvent.SignalReceived) || !this.queue.contains(event)) {
			this.queue.add(event);
		}
		this.wakeup.run();
	}

	/**
	 * Posts a signal.
	 * @param name its name without SIG
	 */
	void signal(String name) {
		post(new MasterEvent.SignalReceived(name));
	}

	/** The oldest event, or null when none waits. */
	MasterEvent take() {
		return this.queue.poll();
	}

}
