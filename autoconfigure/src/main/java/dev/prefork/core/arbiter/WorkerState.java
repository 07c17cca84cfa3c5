package dev.prefork.core.arbiter;

/**
 * Where a worker is in its life, as the master sees it.
 */
public enum WorkerState {

	/** Spawned, not yet serving. */
	BOOTING,

	/** Its web server accepts on the shared socket. */
	READY,

	/** Told to stop; finishing its in-flight requests. */
	STOPPING

}
