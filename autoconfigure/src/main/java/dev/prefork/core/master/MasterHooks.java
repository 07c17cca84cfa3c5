package dev.prefork.core.master;

import dev.prefork.core.arbiter.ExitStatus;

/**
 * Gunicorn's server hooks, called by the master at each edge of its life and its workers'. The
 * Spring glue turns each into an application event. A hook may throw {@link HaltRequest} to stop the
 * server with an exit code of its choosing; anything else it throws is logged and changes nothing.
 */
public interface MasterHooks {

	/** No hooks. */
	MasterHooks NONE = new MasterHooks() {
	};

	/** The socket is bound; workers are about to be spawned (Gunicorn's when_ready). */
	default void ready(String listen) {
	}

	/** A worker is about to be spawned (pre_fork). */
	default void spawning(int slot, int generation) {
	}

	/** A worker process ended (child_exit). */
	default void exited(int slot, long pid, int generation, ExitStatus status, double ageSeconds,
			boolean bootFailure) {
	}

	/** The number of workers to keep changed (nworkers_changed). */
	default void workerCountChanged(int oldCount, int newCount) {
	}

	/** A worker went silent past the timeout and is being aborted (worker_abort). */
	default void aborting(int slot, long pid) {
	}

	/** A reload starts (on_reload). */
	default void reloading() {
	}

	/** A new master was started for an in-place upgrade (pre_exec). */
	default void upgrading(long newMasterPid) {
	}

	/** The master is about to exit (on_exit). */
	default void stopped(int exitCode, String reason) {
	}

	/**
	 * Thrown by a hook to stop the server: workers stop gracefully, then the master exits with the
	 * code.
	 */
	final class HaltRequest extends RuntimeException {

		private final int exitCode;

		public HaltRequest(int exitCode, String reason) {
			super(reason, null, false, false);
			this.exitCode = exitCode;
		}

		public int exitCode() {
			return this.exitCode;
		}

	}

}
