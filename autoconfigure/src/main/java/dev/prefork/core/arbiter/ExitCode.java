package dev.prefork.core.arbiter;

/**
 * The master's exit codes, named as Gunicorn names them so that scripts written for Gunicorn read
 * the same status.
 */
public final class ExitCode {

	/** Clean shutdown (TERM or INT). */
	public static final int OK = 0;

	/** The master could not start: invalid configuration, port in use, unsupported platform. */
	public static final int STARTUP_FAILURE = 1;

	/** No worker of the first generation could boot (Gunicorn's WORKER_BOOT_ERROR). */
	public static final int WORKER_BOOT_ERROR = 3;

	/** Workers could not even load the application (Gunicorn's APP_LOAD_ERROR). */
	public static final int APP_LOAD_ERROR = 4;

	/** A worker kept dying soon after boot until {@code prefork.restart-budget} was spent. */
	public static final int CRASH_LOOP = 5;

	private ExitCode() {
	}

}
