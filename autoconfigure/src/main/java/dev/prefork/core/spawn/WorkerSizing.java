package dev.prefork.core.spawn;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.prefork.core.arbiter.ExitStatus;

/**
 * The JVM options the master adds to each worker for its share of the machine, and only those the
 * user did not set. Measured on 2 cores (docs/performance.md): fewer visible processors made HotSpot
 * switch to SerialGC, which kept a larger heap (+70% memory per worker) for no throughput, so
 * processors, compiler and GC threads stay the JVM's own choice. What N JVMs do need is a shared
 * memory budget: each sizes its maximum heap at a quarter of the machine's memory, so four or more
 * workers could together outgrow it; the master caps each worker's heap at its share of 75%. A worker
 * also exits at its first {@link OutOfMemoryError} ({@code -XX:+ExitOnOutOfMemoryError}, exit code
 * 3) unless the user chose what the JVM does then: a JVM out of heap goes on in whatever state the
 * error left it, while a worker that exits is replaced and the master says why.
 */
public final class WorkerSizing {

	/** The share of memory every worker's heaps may take together. */
	static final double HEAPS_SHARE = 75.0;

	/** The JVM's own default maximum heap, as a share of memory. */
	static final double JVM_DEFAULT_SHARE = 25.0;

	static final String EXIT_ON_OUT_OF_MEMORY = "-XX:+ExitOnOutOfMemoryError";

	/** The options by which a user chooses what a JVM does on its first OutOfMemoryError. */
	private static final List<String> OUT_OF_MEMORY_OPTIONS = List.of("ExitOnOutOfMemoryError",
			"CrashOnOutOfMemoryError", "OnOutOfMemoryError");

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
		if (share < JVM_DEFAULT_SHARE && withEnvironment(jvmOptions).stream().noneMatch(WorkerSizing::setsHeap)) {
			options.add(String.format(Locale.ROOT, "-XX:MaxRAMPercentage=%.2f", share));
		}
		if (exitsOnOutOfMemory(jvmOptions) == null) {
			options.add(EXIT_ON_OUT_OF_MEMORY);
		}
		return options;
	}

	/**
	 * How a worker with these options treats its first OutOfMemoryError, for the log and
	 * {@code --prefork.print-config}.
	 * @param jvmOptions the JVM options the workers get from the master's command line
	 * @return null when the master adds {@value #EXIT_ON_OUT_OF_MEMORY}, else the user's own option
	 */
	public static String exitsOnOutOfMemory(List<String> jvmOptions) {
		return withEnvironment(jvmOptions).stream()
			.filter((option) -> option.startsWith("-XX:") && OUT_OF_MEMORY_OPTIONS.contains(flagName(option)))
			.findFirst()
			.orElse(null);
	}

	/**
	 * The worker's heap limit as its options set it, for a log line about running out of it.
	 * @param jvmOptions the options the worker runs with, the added ones included
	 * @return such as {@code -Xmx64m}, or the JVM's default
	 */
	public static String heapLimit(List<String> jvmOptions) {
		String limit = null;
		for (String option : withEnvironment(jvmOptions)) {
			if (setsHeap(option)) {
				limit = option;
			}
		}
		return (limit != null) ? limit : "the JVM's default maximum heap, " + (int) JVM_DEFAULT_SHARE + "% of memory";
	}

	/** What {@link #options} chose for a command's heap, and why, for {@code --prefork.print-config}. */
	public static String describe(WorkerCommand command, int workers) {
		List<String> jvmOptions = command.jvmOptions();
		List<String> options = new ArrayList<>(options(jvmOptions, workers));
		options.remove(EXIT_ON_OUT_OF_MEMORY);
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

	/** What a worker does on its first OutOfMemoryError, and why, for {@code --prefork.print-config}. */
	public static String describeOutOfMemory(WorkerCommand command) {
		String chosen = exitsOnOutOfMemory(command.jvmOptions());
		if (chosen != null) {
			return "as the JVM options say (" + chosen + ")";
		}
		return EXIT_ON_OUT_OF_MEMORY + " (the worker exits with code " + ExitStatus.OUT_OF_MEMORY
				+ " and is replaced; set any -XX:...OnOutOfMemoryError option to choose otherwise)";
	}

	/**
	 * The options the JVM reads from the environment ({@code JAVA_TOOL_OPTIONS}, which comes first,
	 * and {@code JDK_JAVA_OPTIONS}), then the command line's, which win.
	 */
	private static List<String> withEnvironment(List<String> jvmOptions) {
		List<String> all = new ArrayList<>();
		for (String variable : List.of("JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS")) {
			String value = System.getenv(variable);
			if (value != null && !value.isBlank()) {
				all.addAll(List.of(value.trim().split("\\s+")));
			}
		}
		all.addAll(jvmOptions);
		return all;
	}

	/** The flag's name in {@code -XX:+Name}, {@code -XX:-Name} or {@code -XX:Name=value}. */
	private static String flagName(String option) {
		String flag = option.substring("-XX:".length());
		if (flag.startsWith("+") || flag.startsWith("-")) {
			flag = flag.substring(1);
		}
		int equals = flag.indexOf('=');
		return (equals < 0) ? flag : flag.substring(0, equals);
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
