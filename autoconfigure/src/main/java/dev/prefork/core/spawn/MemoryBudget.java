package dev.prefork.core.spawn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The memory limit the whole server (master and workers) runs under, when its cgroup has one: how
 * large each worker's heap may be for all of them to fit, and how many workers fit at all. A worker
 * holds about {@value #OUTSIDE_HEAP_MB} MB outside its heap (code, metaspace, threads, GC structures:
 * measured on the sample app, docs/performance.md) and needs at least {@value #MIN_HEAP_MB} MB of heap;
 * the master takes about {@value #MASTER_MB} MB; {@value #USABLE_PERCENT}% of the limit is planned,
 * leaving the rest to the page cache and to growth the estimate misses.
 *
 * @param limitBytes the limit
 * @param usedBytes what the cgroup used when it was read
 * @param source where it was read, for messages
 */
public record MemoryBudget(long limitBytes, long usedBytes, String source) {

	static final long MB = 1024 * 1024;

	static final long OUTSIDE_HEAP_MB = 128;

	static final long MIN_HEAP_MB = 64;

	static final long MASTER_MB = 64;

	static final long USABLE_PERCENT = 90;

	/** A cgroup v1 "limit" at or above this is no limit (the kernel's is 2^63 rounded down to a page). */
	private static final long V1_UNLIMITED = 1L << 62;

	/**
	 * The memory limit of this process's cgroup: v2's {@code memory.max}, or v1's
	 * {@code memory.limit_in_bytes}.
	 * @return the budget, or null when the cgroup has no limit or none can be read
	 */
	public static MemoryBudget detect() {
		try {
			return detect(Files.readString(Path.of("/proc/self/cgroup")), Path.of("/sys/fs/cgroup"));
		}
		catch (IOException | RuntimeException ex) {
			return null;
		}
	}

	/**
	 * The memory limit a {@code /proc/self/cgroup} names under a cgroup file system root.
	 * @param cgroup the contents of {@code /proc/self/cgroup}
	 * @param root where the cgroup file systems are mounted
	 * @return the budget, or null
	 * @throws IOException if a limit file exists but cannot be read
	 */
	static MemoryBudget detect(String cgroup, Path root) throws IOException {
		Path v2 = cgroupFolder(cgroup, root);
		if (v2 != null && Files.isRegularFile(v2.resolve("memory.max"))) {
			String max = Files.readString(v2.resolve("memory.max")).strip();
			if (max.equals("max")) {
				return null;
			}
			return new MemoryBudget(Long.parseLong(max), used(v2.resolve("memory.current")),
					"the cgroup's memory.max in " + v2);
		}
		for (String line : cgroup.split("\n")) {
			String[] fields = line.split(":", 3);
			if (fields.length == 3 && List.of(fields[1].split(",")).contains("memory")) {
				// inside a container the cgroup's own folder is often the mount's root
				for (Path folder : List.of(root.resolve("memory" + fields[2].strip()), root.resolve("memory"))) {
					Path limit = folder.resolve("memory.limit_in_bytes");
					if (Files.isRegularFile(limit)) {
						long bytes = Long.parseLong(Files.readString(limit).strip());
						return (bytes >= V1_UNLIMITED) ? null : new MemoryBudget(bytes,
								used(folder.resolve("memory.usage_in_bytes")), "the cgroup's memory.limit_in_bytes in "
										+ folder);
					}
				}
			}
		}
		return null;
	}

	private static long used(Path file) throws IOException {
		return Files.isRegularFile(file) ? Long.parseLong(Files.readString(file).strip()) : 0;
	}

	/** The cgroup v2 folder of this process, from {@code /proc/self/cgroup}, or null. */
	public static Path cgroupFolder(String cgroup) {
		return cgroupFolder(cgroup, Path.of("/sys/fs/cgroup"));
	}

	private static Path cgroupFolder(String cgroup, Path root) {
		for (String line : cgroup.split("\n")) {
			if (line.startsWith("0::")) {
				String path = line.substring(3).strip();
				return path.equals("/") ? root : root.resolve(path.substring(1));
			}
		}
		return null;
	}

	/**
	 * The largest heap each worker may have for the whole server to fit.
	 * @param workers how many workers
	 * @return bytes, below {@link #MIN_HEAP_MB} MB when they do not fit
	 */
	public long heapPerWorker(int workers) {
		return Math.max(0, planned() / Math.max(1, workers) - OUTSIDE_HEAP_MB * MB);
	}

	/** How many workers fit, each with the smallest heap. */
	public int maxWorkers() {
		return fitting(MIN_HEAP_MB * MB);
	}

	/**
	 * Why a number of workers cannot fit, or null.
	 * @param workers how many workers
	 * @param jvmOptions the workers' JVM options, whose heap size counts when the user set one
	 * @return the reason, naming what to do
	 */
	public String refusal(int workers, List<String> jvmOptions) {
		int fitting = fittingWorkers(jvmOptions);
		if (workers <= fitting) {
			return null;
		}
		long userHeap = userHeapBytes(jvmOptions);
		String each = (userHeap > 0) ? String.format(Locale.ROOT, "%d MB of heap (as the JVM options say)", userHeap / MB)
				: "at least " + MIN_HEAP_MB + " MB of heap";
		return String.format(Locale.ROOT,
				"%d workers do not fit in %d MB, %s: each worker needs about %d MB outside its heap and %s, and the "
						+ "master about %d MB, within %d%% of the limit. At most %d workers fit; lower prefork.workers, "
						+ "raise the memory limit%s",
				workers, this.limitBytes / MB, this.source, OUTSIDE_HEAP_MB, each, MASTER_MB, USABLE_PERCENT, fitting,
				(userHeap > 0) ? " or lower the heap (-Xmx)" : "");
	}

	/** What the budget gives each worker, for {@code --prefork.print-config}. */
	public String describe(int workers) {
		return String.format(Locale.ROOT, "%d MB (%s): master ~%d MB + %d worker(s) x (~%d MB outside the heap + "
				+ "at most %d MB of heap)", this.limitBytes / MB, this.source, MASTER_MB, workers, OUTSIDE_HEAP_MB,
				heapPerWorker(workers) / MB);
	}

	/**
	 * How many workers fit, with the heap the JVM options set or else the smallest heap.
	 * @param jvmOptions the workers' JVM options
	 * @return the number, 0 when not even one fits
	 */
	public int fittingWorkers(List<String> jvmOptions) {
		long userHeap = userHeapBytes(jvmOptions);
		return (userHeap > 0) ? fitting(userHeap) : maxWorkers();
	}

	/** How many workers of a heap size fit. */
	private int fitting(long heap) {
		return (int) Math.max(0, planned() / (OUTSIDE_HEAP_MB * MB + heap));
	}

	/** What the workers may take together: the planned share of the limit, less the master. */
	private long planned() {
		return this.limitBytes / 100 * USABLE_PERCENT - MASTER_MB * MB;
	}

	/**
	 * The heap a user's options set in bytes: {@code -Xmx}, {@code -XX:MaxHeapSize} or
	 * {@code -XX:MaxRAMPercentage} of this limit; 0 when none does.
	 */
	long userHeapBytes(List<String> jvmOptions) {
		long heap = 0;
		for (String option : jvmOptions) {
			try {
				if (option.startsWith("-Xmx") || option.startsWith("-XX:MaxHeapSize=")) {
					heap = maxHeapBytes(List.of(option));
				}
				else if (option.startsWith("-XX:MaxRAMPercentage=")) {
					heap = (long) (this.limitBytes
							* Double.parseDouble(option.substring("-XX:MaxRAMPercentage=".length())) / 100);
				}
			}
			catch (NumberFormatException ex) {
				// the JVM itself refuses such an option
			}
		}
		return heap;
	}

	/**
	 * The maximum heap that {@code -Xmx} or {@code -XX:MaxHeapSize} sets, the last one winning.
	 * @param jvmOptions JVM options
	 * @return bytes, or 0 when none sets it (or a percentage does)
	 */
	static long maxHeapBytes(List<String> jvmOptions) {
		long bytes = 0;
		for (String option : jvmOptions) {
			try {
				if (option.startsWith("-Xmx")) {
					bytes = size(option.substring(4));
				}
				else if (option.startsWith("-XX:MaxHeapSize=")) {
					bytes = size(option.substring("-XX:MaxHeapSize=".length()));
				}
			}
			catch (NumberFormatException ex) {
				// the JVM itself refuses such an option
			}
		}
		return bytes;
	}

	/** A JVM size: a number with an optional k, m, g or t. */
	static long size(String value) {
		String lower = value.toLowerCase(Locale.ROOT);
		char unit = lower.isEmpty() ? ' ' : lower.charAt(lower.length() - 1);
		int shift = switch (unit) {
			case 'k' -> 10;
			case 'm' -> 20;
			case 'g' -> 30;
			case 't' -> 40;
			default -> 0;
		};
		String digits = (shift > 0) ? lower.substring(0, lower.length() - 1) : lower;
		return Long.parseLong(digits) << shift;
	}

}
