package dev.prefork.core.arbiter;

import java.io.IOException;

/**
 * What the arbiter asks of the processes it supervises. The real implementation spawns JVMs and
 * sends signals; the arbiter's tests record the calls instead.
 */
public interface WorkerProcessControl {

	/**
	 * Starts a worker for a slot.
	 * @param slot the worker's id, 1 to the target count
	 * @param generation the generation it belongs to: 1, then one more with each reload
	 * @param nanoTime the arbiter's clock at the spawn
	 * @return the new worker's handle
	 * @throws IOException if the process could not be started
	 */
	WorkerHandle spawn(int slot, int generation, long nanoTime) throws IOException;

	/**
	 * Asks a worker to stop accepting, finish its in-flight requests and exit: over its channel, or
	 * with SIGTERM if it has not connected yet.
	 */
	void terminate(WorkerHandle worker);

	/** Asks a worker to exit now, dropping what it is serving. */
	void quit(WorkerHandle worker);

	/** Asks a worker's JVM for a thread dump on its standard output (SIGQUIT). */
	void dump(WorkerHandle worker);

	/** Kills a worker (SIGKILL). */
	void kill(WorkerHandle worker);

}
