package dev.prefork.core.master;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import dev.prefork.core.arbiter.Arbiter;
import dev.prefork.core.arbiter.WorkerHandle;
import dev.prefork.core.arbiter.WorkerState;

/**
 * Reads each serving worker's resident memory every few seconds for {@code prefork.max-worker-memory},
 * and leaves the decision to the arbiter. It reads nothing when no limit is set.
 */
final class MemoryWatch {

	static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(5);

	private long nextAt = System.nanoTime() + INTERVAL_NANOS;

	/**
	 * Measures the workers when due, from the master's loop.
	 * @param arbiter the arbiter, which holds the limit and decides
	 * @param now the clock
	 */
	void tick(Arbiter arbiter, long now) {
		if (now - this.nextAt < 0 || !arbiter.limitsMemory()) {
			return;
		}
		this.nextAt = now + INTERVAL_NANOS;
		for (WorkerHandle worker : arbiter.workers()) {
			if (worker.state() == WorkerState.READY) {
				long resident = residentBytes(worker.pid());
				if (resident > 0) {
					arbiter.memoryMeasured(worker, resident, now);
				}
			}
		}
	}

	/**
	 * A process's resident set size, from {@code /proc/<pid>/status}.
	 * @param pid the process
	 * @return the bytes, 0 when the process is gone
	 */
	static long residentBytes(long pid) {
		try {
			for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
				if (line.startsWith("VmRSS:")) {
					return Long.parseLong(line.substring("VmRSS:".length()).replace("kB", "").strip()) * 1024;
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// the worker is gone
		}
		return 0;
	}

}
