package dev.prefork.core.arbiter;

import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The words of the arbiter's log lines, apart from its decisions: what an operator reads about
 * each worker's life, scaling, reloads and shutdown, with what to do next where there is something
 * to do. It remembers which boot failures it printed in full, so that the same failure in the next
 * worker takes one line, not another stack trace.
 */
final class ArbiterLog {

	private static final Logger logger = LoggerFactory.getLogger(Arbiter.class);

	/** The root causes of boot failures printed in full since a worker was last ready, with the slot of each. */
	private final Map<String, Integer> printedBootFailures = new HashMap<>();

	void booting(WorkerHandle worker) {
		if (worker.generation() == 1) {
			logger.info("Booting worker {} with pid {}", worker.slot(), worker.pid());
		}
		else {
			logger.info("Booting worker {} with pid {} (generation {})", worker.slot(), worker.pid(), worker.generation());
		}
	}

	void couldNotStart(int slot, String why) {
		logger.error("Could not start worker {}: {}", slot, why);
	}

	void ready(WorkerHandle worker, long now) {
		this.printedBootFailures.clear();
		logger.info("Worker {} (pid {}) ready in {} s", worker.slot(), worker.pid(), seconds(now - worker.spawnedAt()));
	}

	void warm(WorkerHandle worker, long now) {
		logger.info("Worker {} (pid {}) warm {} s after ready", worker.slot(), worker.pid(),
				seconds(now - worker.readyAt()));
	}

	void replaced(WorkerHandle replaced, WorkerHandle by) {
		logger.info("Worker {} (pid {}) replaced by pid {}: stopping it gracefully", replaced.slot(), replaced.pid(),
				by.pid());
	}

	void recycling(WorkerHandle worker, String why) {
		logger.info("Recycling worker {} (pid {}): {}; its replacement boots and warms up first", worker.slot(),
				worker.pid(), why);
	}

	static String overMemoryLimit(long residentBytes, long limitBytes) {
		return String.format(Locale.ROOT, "its resident memory is %d MB, above prefork.max-worker-memory (%d MB)",
				residentBytes >> 20, limitBytes >> 20);
	}

	void replacementFailed(int slot, WorkerHandle keeps) {
		logger.warn("The replacement for worker {} could not boot; worker {} (pid {}) keeps serving", slot, keeps.slot(),
				keeps.pid());
	}

	void refused(String change, String busy) {
		logger.warn("Ignoring {}: {}", change, busy);
	}

	void scalingUp(int target, String reason) {
		logger.info("Scaling up to {} workers ({})", target, reason);
	}

	void scalingUpGradually(int target, String reason, int perTick) {
		logger.info("Scaling up to {} workers ({}): starting {} at most every tick", target, reason, perTick);
	}

	void atMinimum(String reason) {
		logger.warn("Not scaling down ({}): already at 1 worker, the minimum", reason);
	}

	void scalingDown(int target, String reason, int slot) {
		logger.info("Scaling down to {} workers ({}): retiring worker {}", target, reason, slot);
	}

	void reloading(String reason, int generation, int workers, String pace) {
		logger.info("Reloading ({}): starting generation {} with {} worker(s){}; generation {} keeps serving until "
				+ "they are warm", reason, generation, workers, pace, generation - 1);
	}

	void reloadResized(int generation, int before, int after) {
		logger.info("Reloading: the configuration on disk asks for {} worker(s); generation {} {} to {}", after,
				generation, (after > before) ? "grows" : "shrinks", after);
	}

	void reloadComplete(int generation, int workers, long tookNanos, int retiring) {
		logger.info("Reload complete: generation {} serving with {} worker(s) after {} s; retiring {} worker(s) of "
				+ "generation {}", generation, workers, seconds(tookNanos), retiring, generation - 1);
	}

	static String reloadWorkerFailed(WorkerHandle worker, boolean bootFailure) {
		return "worker " + worker.slot() + " of generation " + worker.generation()
				+ (bootFailure ? " could not boot" : " died during its slow start");
	}

	void reloadFailed(String why, int generation) {
		logger.error("Reload failed: {}; generation {} keeps serving with the configuration it had", why, generation);
	}

	void idling(int workers, String reason) {
		logger.info("Stopping all {} worker(s) gracefully ({}); the master stays, HUP brings them back", workers,
				reason);
	}

	void resuming(int workers, String reason) {
		logger.info("Starting {} worker(s) again ({})", workers, reason);
	}

	void bootTimedOut(WorkerHandle worker, Duration bootTimeout) {
		logger.error("Worker {} (pid {}) did not boot within {} s (prefork.boot-timeout): killing it", worker.slot(),
				worker.pid(), seconds(bootTimeout.toNanos()));
	}

	void silent(WorkerHandle worker, long now) {
		logger.error("Worker {} (pid {}) sent no heartbeat for {} s (prefork.timeout): asking for its thread dump, "
				+ "then killing it", worker.slot(), worker.pid(), seconds(now - worker.lastHeartbeat()));
	}

	void stopTimedOut(WorkerHandle worker) {
		logger.warn("Worker {} (pid {}) did not stop in time: killing it", worker.slot(), worker.pid());
	}

	void respawnDelayed(int slot, Duration delay, int streak, Duration minUptime) {
		logger.warn("Respawning worker {} in {} s: it died {} times in a row within {} s of boot (prefork.min-uptime)",
				slot, seconds(delay.toNanos()), streak, seconds(minUptime.toNanos()));
	}

	static String crashLoop(int slot, int streak, Duration minUptime, int budget) {
		return "worker " + slot + " died " + streak + " times in a row within " + seconds(minUptime.toNanos())
				+ " s of boot (prefork.restart-budget=" + budget + ")";
	}

	static String gaveUp(boolean load, int failures, int size) {
		return (load ? "the application could not be loaded in any worker" : "no worker could boot") + " (" + failures
				+ " of " + size + " failed)";
	}

	void stoppingGracefully(String reason, Duration gracefulTimeout, int workers) {
		logger.info("Shutting down gracefully ({}): waiting up to {} s for {} worker(s) to finish in-flight requests",
				reason, seconds(gracefulTimeout.toNanos()), workers);
	}

	void stoppingQuickly(String reason, int workers) {
		logger.info("Shutting down quickly ({}): stopping {} worker(s) now", reason, workers);
	}

	/** How a worker's process ended, and for a boot failure why, with its real exception the first time. */
	void exited(WorkerHandle worker, ExitStatus status, boolean bootFailure) {
		if (bootFailure) {
			logger.error(bootFailure(worker, status));
		}
		else if (worker.ranOutOfMemory(status)) {
			logger.error("Worker {} (pid {}) ran out of memory (java.lang.OutOfMemoryError; it exits on the first one, "
					+ "-XX:+ExitOnOutOfMemoryError) with {}: replacing it. Raise the heap, lower prefork.workers, or "
					+ "look for a leak (-XX:+HeapDumpOnOutOfMemoryError writes a heap dump)", worker.slot(), worker.pid(),
					worker.outOfMemoryHeap());
		}
		else if (status.killedBySignal() && status.signal() == ExitStatus.SIGKILL && !worker.killedByMaster()) {
			logger.error("Worker {} (pid {}) was killed by signal 9 (SIGKILL) that the master did not send; "
					+ "perhaps out of memory? Check the kernel log (dmesg) for the OOM killer", worker.slot(),
					worker.pid());
		}
		else if (worker.killedByMaster()) {
			logger.info("Worker {} (pid {}) killed ({})", worker.slot(), worker.pid(), status);
		}
		else if (worker.state() == WorkerState.STOPPING) {
			logger.info("Worker {} (pid {}) stopped", worker.slot(), worker.pid());
		}
		else {
			logger.warn("Worker {} (pid {}) exited unexpectedly ({})", worker.slot(), worker.pid(), status);
		}
	}

	private String bootFailure(WorkerHandle worker, ExitStatus status) {
		StringBuilder message = new StringBuilder();
		message.append("Worker ").append(worker.slot()).append(" (pid ").append(worker.pid()).append(") failed to boot (")
			.append(status).append(")");
		if (worker.killedByMaster()) {
			message.append(": killed by the master after prefork.boot-timeout; if the application needs longer to "
					+ "start, raise prefork.boot-timeout");
		}
		else if (worker.ranOutOfMemory(status)) {
			message.append(": it ran out of heap (java.lang.OutOfMemoryError) with ").append(worker.outOfMemoryHeap())
				.append("; raise the heap (-Xmx) or lower prefork.workers");
		}
		else if (worker.bootFailure() != null) {
			String rootCause = BootFailure.rootCause(worker.bootFailure());
			message.append(": ").append(rootCause);
			Integer first = this.printedBootFailures.putIfAbsent(rootCause, worker.slot());
			if (first != null) {
				message.append(" (as worker ").append(first).append(" above)");
			}
			else {
				if (worker.failureAnalysis() != null) {
					message.append(System.lineSeparator()).append(System.lineSeparator()).append(worker.failureAnalysis());
				}
				message.append(System.lineSeparator()).append(System.lineSeparator()).append(worker.bootFailure());
			}
		}
		else if (!worker.connected()) {
			message.append(" before the application started: the JVM could not load it; its own output above says why");
		}
		else {
			message.append(" without reporting an exception: did the application call System.exit during startup?");
		}
		return message.toString();
	}

	static String seconds(long nanos) {
		return String.format(Locale.ROOT, "%.2f", nanos / 1e9);
	}

}
