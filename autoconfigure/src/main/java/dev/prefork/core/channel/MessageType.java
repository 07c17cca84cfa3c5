package dev.prefork.core.channel;

/**
 * The words of the protocol between master and worker, one per line.
 */
public enum MessageType {

	/**
	 * Worker to master, first: a {@link Hello} (protocol, slot, token, pid); proves which worker is on the
	 * line.
	 */
	HELLO,

	/**
	 * Worker to master, right after HELLO: the {@code prefork.*} settings its configuration binds to
	 * ({@link dev.prefork.core.master.BoundSettings}), which a reload adopts.
	 */
	SETTINGS,

	/** Worker to master: its web server accepts on the shared socket. */
	READY,

	/**
	 * Worker to master, after READY: its slow start is over (or it had none), it takes its full share
	 * of connections.
	 */
	WARM,

	/**
	 * Worker to master, several times per {@code prefork.timeout}: this JVM is alive; the payload's
	 * {@code requests} is the number of requests it served.
	 */
	HEARTBEAT,

	/**
	 * Worker to master, with a heartbeat when the worker has Micrometer: its cumulative web metrics,
	 * one {@link dev.prefork.core.meter.MeterSample} a line.
	 */
	METERS,

	/**
	 * Worker to master: replace me (max-requests reached, or a request stuck); a
	 * {@link dev.prefork.core.arbiter.RetireRequest} says why.
	 */
	RETIRE,

	/** Worker to master: the application failed to start; the payload's {@code trace} is the stack trace. */
	BOOT_FAILED,

	/** Worker to master: Spring Boot's failure analysis of that failure, as the payload's {@code analysis}. */
	FAILURE_ANALYSIS,

	/** Master to worker: stop accepting, finish in-flight requests, exit (graceful stop). */
	STOP,

	/** Master to worker: reopen your log files (USR1). */
	REOPEN_LOGS,

	/** Master to worker: exit now, dropping what is in flight (quick shutdown). */
	QUIT

}
