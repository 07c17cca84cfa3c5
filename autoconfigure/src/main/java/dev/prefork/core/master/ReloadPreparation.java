package dev.prefork.core.master;

import dev.prefork.core.spawn.ClassCache;

/**
 * A reload's preparation off the master's loop: the class cache looks at the jar again (a new jar
 * is extracted before anything runs it); the loop then starts the new generation.
 */
final class ReloadPreparation {

	private final ClassCache classCache;

	private final EventQueue events;

	/**
	 * @param classCache the workers' class cache
	 * @param events where the end of a preparation is posted
	 */
	ReloadPreparation(ClassCache classCache, EventQueue events) {
		this.classCache = classCache;
		this.events = events;
	}

	/**
	 * Starts preparing a reload on a thread of its own.
	 * @param reason why, handed back in a {@link MasterEvent.ReloadPrepared}
	 */
	void start(String reason) {
		Thread thread = new Thread(() -> {
			this.classCache.refresh();
			this.events.post(new MasterEvent.ReloadPrepared(reason));
		}, "prefork-reload");
		thread.setDaemon(true);
		thread.start();
	}

}
