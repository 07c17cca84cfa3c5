package dev.prefork.core.master;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.LongSummaryStatistics;

import dev.prefork.core.spawn.MemoryBudget;

/**
 * How many workers the master may keep: never more than {@link #MAX_WORKERS}, and never more workers
 * than memory can hold at the size the live workers have now. Scaling up (TTIN, {@code scale}, the
 * endpoint) past either is refused with the reason, so a typo cannot fill the host with JVMs.
 */
public final class WorkerCapacity {

	/** The most workers a master keeps, whatever asks: the maximum of {@code prefork.workers}. */
	public static final int MAX_WORKERS = 1024;

	private static final long MB = 1024 * 1024;

	private WorkerCapacity() {
	}

	/**
	 * Why the master cannot scale to a number of workers, or null if it can.
	 * @param wanted the number asked for
	 * @param current how many it keeps now
	 * @param workerPids the live workers' pids, whose size predicts a new worker's
	 * @return the reason, for the log and the caller, or null
	 */
	public static String refusal(int wanted, int current, List<Long> workerPids) {
		if (wanted > MAX_WORKERS) {
			return "at most " + MAX_WORKERS + " workers (the maximum of prefork.workers)";
		}
		int more = wanted - current;
		if (more <= 0) {
			return null;
		}
		// each worker's /proc/<pid>/status read once
		LongSummaryStatistics sizes = workerPids.stream()
			.mapToLong(MemoryWatch::residentBytes)
			.filter((rss) -> rss > 0)
			.summaryStatistics();
		Available available = available();
		if (sizes.getCount() == 0 || available == null) {
			return null;
		}
		return refusal(more, sizes.getSum() / sizes.getCount(), available);
	}

	/**
	 * The memory rule alone.
	 * @param more how many workers more
	 * @param workerSize a worker's size now, in bytes
	 * @param available the memory free for them
	 * @return the reason, or null if they fit
	 */
	static String refusal(int more, long workerSize, Available available) {
		if ((long) more * workerSize <= available.bytes()) {
			return null;
		}
		return String.format(Locale.ROOT,
				"not enough memory for %d more worker(s): each takes about %d MB (the live workers' mean RSS) and "
						+ "%d MB are available (%s)",
				more, workerSize / MB, available.bytes() / MB, available.source());
	}

	/** What memory is free for more workers: the host's, or less under a cgroup limit. */
	static Available available() {
		Available host = null;
		try {
			host = fromMeminfo(Files.readString(Path.of("/proc/meminfo")));
		}
		catch (IOException | RuntimeException ex) {
			// no /proc/meminfo: no memory rule
		}
		MemoryBudget budget = MemoryBudget.detect();
		Available cgroup = (budget != null) ? fromCgroup(budget) : null;
		if (host == null || (cgroup != null && cgroup.bytes() < host.bytes())) {
			return cgroup;
		}
		return host;
	}

	static Available fromMeminfo(String meminfo) {
		for (String line : meminfo.split("\n")) {
			if (line.startsWith("MemAvailable:")) {
				long kb = Long.parseLong(line.substring("MemAvailable:".length()).replace("kB", "").strip());
				return new Available(kb * 1024, "MemAvailable in /proc/meminfo");
			}
		}
		return null;
	}

	static Available fromCgroup(MemoryBudget budget) {
		return new Available(Math.max(0, budget.limitBytes() - budget.usedBytes()), budget.source() + ": "
				+ budget.limitBytes() / MB + " MB less " + budget.usedBytes() / MB + " MB in use");
	}

	/**
	 * Memory free for more workers.
	 * @param bytes how much
	 * @param source where the figure comes from, for the reason
	 */
	record Available(long bytes, String source) {
	}

}
