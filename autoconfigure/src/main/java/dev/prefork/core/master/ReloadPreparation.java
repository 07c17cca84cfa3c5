package dev.prefork.core.master;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import dev.prefork.core.spawn.ClassCache;

/**
 * A reload's preparation off the master's loop: the class cache looks at the jar again (a new jar
 * is extracted before anything runs it); the loop then starts the new generation.
 */
final class ReloadPreparation {

	private final ClassCache classCache;

	private final Runnable wakeup;

	private final Queue<String> prepared = new ConcurrentLinkedQueue<>();

	private volatile boolean preparing;

	/**
	 * @param classCache the workers' class cache
	 * @param wakeup wakes the master's loop when a preparation is done
	 */
	ReloadPreparation(ClassCache classCache, Runnable wakeup) {
		this.classCache = classCache;
		this.wakeup = wakeup;
	}

	/** Whether a reload is being prepared. */
	boolean preparing() {
		return this.preparing;
	}

	/**
	 * Starts preparing a reload on a thread of its own.
	 * @param reason why, handed back by {@link #takePrepared}
	 */
	void start(String reason) {
		this.preparing = true;
		Thread thread = new Thread(() -> {
			this.classCache.refresh();
			this.prepared.add(reason);
			this.wakeup.run();
		}, "prefork-reload");
		thread.setDaemon(true);
		thread.start();
	}

	/** The reason of a reload whose preparation is done, or null. */
	String takePrepared() {
		String reason = this.prepared.poll();
		if (reason != null) {
			this.preparing = false;
		}
		return reason;
	}

}
