package dev.prefork.core.master;

import dev.prefork.core.arbiter.WorkerHandle;

/**
 * Something that happened to the master on another thread, for its loop to act on: the handlers
 * (the JVM's signal thread, the JDK's process reaper, a reload's preparation) only post one to
 * {@link EventQueue}, as Gunicorn's signal handlers only queue the signal and wake the arbiter.
 */
sealed interface MasterEvent {

	/**
	 * A signal the master handles arrived.
	 * @param name its name without SIG, such as {@code HUP}
	 */
	record SignalReceived(String name) implements MasterEvent {
	}

	/**
	 * A worker's process ended.
	 * @param worker the arbiter's handle
	 */
	record WorkerExited(WorkerHandle worker) implements MasterEvent {
	}

	/**
	 * A reload's preparation is done: the new generation may start.
	 * @param reason why the reload was asked for
	 */
	record ReloadPrepared(String reason) implements MasterEvent {
	}

	/**
	 * The new master an upgrade started exited.
	 * @param process its process
	 */
	record SuccessorExited(Process process) implements MasterEvent {
	}

}
