package dev.prefork.core.arbiter;

import java.time.Duration;
import java.util.List;

/**
 * What time alone decides about each worker: one that does not boot within
 * {@code prefork.boot-timeout} is killed; one silent past {@code prefork.timeout} is asked for its
 * thread dump, then killed; one that does not stop in time is killed.
 */
final class Watchdog {

	/** How long a silent worker's JVM gets to print its thread dump before it is killed. */
	private static final Duration DUMP_GRACE = Duration.ofSeconds(1);

	private final WorkerProcessControl control;

	private final ArbiterLog log;

	Watchdog(WorkerProcessControl control, ArbiterLog log) {
		this.control = control;
		this.log = log;
	}

	/**
	 * Checks each worker against its deadlines.
	 * @param workers the live workers
	 * @param settings the timeouts
	 * @param now the arbiter's clock
	 */
	void check(List<WorkerHandle> workers, ArbiterSettings settings, long now) {
		for (WorkerHandle worker : List.copyOf(workers)) {
			if (worker.killedByMaster()) {
				continue;
			}
			if (worker.state() == WorkerState.BOOTING && now - worker.spawnedAt() > settings.bootTimeout().toNanos()) {
				this.log.bootTimedOut(worker, settings.bootTimeout());
				kill(worker);
			}
			else if (worker.dumpRequestedAt() != 0) {
				// a worker that was silent past the timeout is not trusted again, even if it wakes up
				if (now - worker.dumpRequestedAt() >= DUMP_GRACE.toNanos()) {
					kill(worker);
				}
			}
			else if (worker.state() == WorkerState.READY && now - worker.lastHeartbeat() > settings.timeout().toNanos()) {
				this.log.silent(worker, now);
				worker.dumpRequested(now);
				this.control.dump(worker);
			}
			else if (worker.state() == WorkerState.STOPPING && now > worker.stopDeadline()) {
				this.log.stopTimedOut(worker);
				kill(worker);
			}
		}
	}

	private void kill(WorkerHandle worker) {
		worker.killedByMaster(true);
		this.control.kill(worker);
	}

}
