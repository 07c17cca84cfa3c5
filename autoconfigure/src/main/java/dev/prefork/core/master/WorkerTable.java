package dev.prefork.core.master;

import dev.prefork.core.arbiter.ExitStatus;
import dev.prefork.core.arbiter.WorkerHandle;
import dev.prefork.core.channel.Connection;
import dev.prefork.core.channel.MasterSockets;

/**
 * The worker processes as the master's loop reads them: whose channel a HELLO opens, and how a
 * worker that exited ended. {@link WorkerProcesses} is the real table of JVMs; the loop's tests use
 * one without processes.
 */
interface WorkerTable {

	/**
	 * Matches a channel connection to the worker whose slot, token and pid it presents.
	 * @param connection the connection
	 * @param payload the HELLO's payload
	 * @return why it was refused, or null when it is now the worker's channel
	 */
	String hello(Connection connection, String payload);

	/**
	 * A worker whose process ended, with everything it sent read first (its boot failure, say), so
	 * that the arbiter decides on the whole story.
	 * @param worker the worker
	 * @param inbox where its last messages go
	 * @return how it ended
	 */
	Exit exited(WorkerHandle worker, MasterSockets.Inbox inbox);

	/**
	 * A worker process that ended.
	 * @param worker the arbiter's handle
	 * @param status how it ended
	 * @param bootFailure whether it ended before it was ever ready, unasked
	 */
	record Exit(WorkerHandle worker, ExitStatus status, boolean bootFailure) {
	}

}
