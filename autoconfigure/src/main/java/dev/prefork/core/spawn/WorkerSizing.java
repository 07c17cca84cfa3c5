package dev.prefork.core.spawn;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The JVM options the master adds to each worker for its share of the machine, and only those the
 * user did not set. Measured on 2 cores (docs/performance.md): fewer visible processors made HotSpot
 * switch to SerialGC, which kept a larger heap (+70% memory per worker) for no throughput, so
 * processors, compiler and GC threads stay the JVM's own choice. What N JVMs do need is a shared
 * memory budget: each sizes its maximum heap at a quarter of the machine's memory, so four or more
 * workers could together outgrow it; the master caps each worker's heap at its share of 75%.
 */
public final class WorkerSizing {

	/** The share of memory every worker's heaps may take together. */
	static final double HEAPS_SHARE = 75.0;

	/** The JVM's own default maximum heap, as a share of memory. */
	static final double JVM_DEFAULT_SHARE = 25.0;

	private static final List<String> HEAP_OPTIONS = List.of("-Xmx", "-XX:MaxHeapSize", "-XX:MaxRAMPercentage",
			"-XX:MaxRAMFraction", "-XX:MaxRAM=");

	private WorkerSizing() {
	}

	/**
	 * The options to add for one worker.
	 * @param jvmOptions the JVM options the workers get from the master's command line
	 * @param workers how many workers the master keeps now
	 * @return the options, empty when the JVM's own choice is right or the user chose
	 */
	public static List<String> options(List<String> jvmOptions, int workers) {
		List<String> options = new ArrayList<>();
		double share = HEAPS_SHARE / Math.max(1, workers);
		if (share < JVM_DEFAULT_SHARE && jvmOptions.stream().noneMatch(WorkerSizing::setsHeap)) {
			options.add(String.format(Locale.ROOT, "-XX:MaxRAMPercentage=%.2f", share));
		}
		return options;
	}

	/** What {@link #options} chose for a command, and why, for {@code --prefork.print-config}. */
	public static String describe(WorkerCommand command, int workers) {
		List<String> jvmOptions = command.jvmOptions();
		List<String> options = options(jvmOptions, workers);
		if (!options.isEmpty()) {
			return String.join(" ", options) + " (" + workers + " workers' heaps share at most "
					+ (int) HEAPS_SHARE + "% of memory)";
		}
		if (jvmOptions.stream().anyMatch(WorkerSizing::setsHeap)) {
			return "nothing added: the JVM options size the heap";
		}
		return "nothing added: " + workers + " worker(s) at the JVM's default heap (" + (int) JVM_DEFAULT_SHARE
				+ "% of memory each) stay within " + (int) HEAPS_SHARE + "%";
	}

	private static boolean setsHeap(String option) {
		return HEAP_OPTIONS.stream().anyMatch(option::startsWith);
	}

	/**
	 * A command with the sizing options added right after the java binary.
	 * @param command the worker's command
	 * @param workers how many workers the master keeps now
	 * @return the command to spawn
	 */
	public static WorkerCommand apply(WorkerCommand command, int workers) {
		List<String> options = options(command.jvmOptions(), workers);
		if (options.isEmpty()) {
			return command;
		}
		List<String> sized = new ArrayList<>(command.argv());
		sized.addAll(1, options);
		return new WorkerCommand(sized);
	}

}
