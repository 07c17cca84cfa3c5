package dev.prefork.core.signal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Signals an operator may send a worker by mistake that only its master acts on. USR2 upgrades the
 * master; sent to a worker, whose JVM the master started with HotSpot's suspend/resume signal moved
 * elsewhere, it would end the worker by its default action. The worker logs it and carries on.
 */
public final class WorkerSignals {

	private static final Logger logger = LoggerFactory.getLogger(WorkerSignals.class);

	private WorkerSignals() {
	}

	/** Installs the worker's handlers; leaves USR2 to HotSpot where HotSpot still uses it. */
	public static void install() {
		if (!SignalQueue.usr2Free()) {
			return;
		}
		long master = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
		Signal.handle(new Signal("USR2"), (signal) -> logger.warn("Ignoring SIGUSR2 sent to a worker: it upgrades the "
				+ "master, so send it to the master (pid {})", master));
	}

}
