package dev.prefork.core.signal;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import sun.misc.Signal;

/**
 * Receives the signals the master acts on. Handlers only enqueue and wake the master's loop, which
 * acts on them one at a time, as Gunicorn's arbiter does. QUIT stays the JVM's thread dump.
 */
public final class SignalQueue {

	private final Queue<String> received = new ConcurrentLinkedQueue<>();

	private final Runnable wakeup;

	/**
	 * Installs handlers for the given signals.
	 * @param names signal names without SIG, such as {@code TERM}
	 * @param wakeup called after each signal is queued, from the JVM's signal thread
	 */
	public SignalQueue(List<String> names, Runnable wakeup) {
		this.wakeup = wakeup;
		for (String name : names) {
			Signal.handle(new Signal(name), (signal) -> {
				this.received.add(signal.getName());
				this.wakeup.run();
			});
		}
	}

	/** Takes the signals received since the last call, oldest first. */
	public List<String> drain() {
		List<String> signals = new ArrayList<>();
		for (String name; (name = this.received.poll()) != null;) {
			signals.add(name);
		}
		return signals;
	}

}
