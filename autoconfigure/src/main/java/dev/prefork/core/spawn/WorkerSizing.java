package dev.prefork.core.spawn;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.prefork.core.arbiter.ExitStatus;

/**
 * The JVM options the master adds to each worker for its share of the machine, and only those the
 * user did not set. Measured on 2 cores (docs/performance.md): fewer visible processors made HotSpot
 * switch to SerialGC, which kept a larger heap (+70% memory per worker) for no throughput, so
 * processors, compiler and GC threads stay the JVM's own choice. What N JVMs do need is a shared
 * memory budget. The maximum heap: each JVM takes a quarter of the machine's memory, so four or more
 * workers could together outgrow it; the master caps each worker's heap at its share of 75%. The
 * initial heap: each JVM starts at 1/64 of memory and G1 uses all of it for young objects under load,
 * so N workers would touch N times one JVM's heap; each worker starts at its share of one JVM's,
 * and G1 grows it when its share of the load needs more. Idle memory: G1 keeps what it grew until a
 * collection shrinks it, which an idle JVM never runs; a worker runs a periodic collection after
 * {@value #PERIODIC_GC_MILLIS} ms without one, which gives the memory back, and a collection leaves at most
 * {@value #MAX_HEAP_FREE_PERCENT}% of the heap free instead of the JVM's 70%. A worker also exits at its
 * first {@link OutOfMemoryError} ({@code -XX:+ExitOnOutOfMemoryError}, exit code 3) unless the user
 * chose what the JVM does then: a JVM out of heap goes on in whatever state the error left it, while a
 * worker that exits is replaced and the master says why. A heap a platform sized for one JVM in
 * {@code JAVA_TOOL_OPTIONS} ({@link InheritedHeap}: buildpacks) is not the user's choice: each worker
 * gets its share instead, on its command line, which wins over the variable.
 */
public final class WorkerSizing {

	/** The share of memory every worker's heaps may take together. */
	static final double HEAPS_SHARE = 75.0;

	/** The JVM's own default maximum heap, as a share of memory. */
	static final double JVM_DEFAULT_SHARE = 25.0;

	/** The JVM's own default initial heap, as a share of memory (1/64). */
	static final double JVM_DEFAULT_INITIAL_SHARE = 100.0 / 64;

	/** After how long without a collection an idle worker's G1 collects and gives memory back. */
	static final long PERIODIC_GC_MILLIS = 10_000;

	/** The least free heap a collection leaves before it grows the heap (the JVM's default is 40%). */
	static final int MIN_HEAP_FREE_PERCENT = 10;

	/** The most free heap a collection leaves before it shrinks the heap (the JVM's default is 70%). */
	static final int MAX_HEAP_FREE_PERCENT = 30;

	static final String EXIT_ON_OUT_OF_MEMORY = "-XX:+ExitOnOutOfMemoryError";

	/** The options by which a user chooses what a JVM does on its first OutOfMemoryError. */
	private static final List<String> OUT_OF_MEMORY_OPTIONS = List.of("ExitOnOutOfMemoryError",
			"CrashOnOutOfMemoryError", "OnOutOfMemoryError");

	private static final List<String> HEAP_OPTIONS = List.of("-Xmx", "-XX:MaxHeapSize", "-XX:MaxRAMPercentage",
			"-XX:MaxRAMFraction", "-XX:MaxRAM=");

	private static final List<String> INITIAL_HEAP_OPTIONS = List.of("-Xms", "-XX:InitialHeapSize",
			"-XX:InitialRAMPercentage", "-XX:InitialRAMFraction", "-XX:MinHeapSize");

	/** The collectors other than G1 a user can choose; the periodic collection is G1's. */
	private static final List<String> OTHER_COLLECTORS = List.of("-XX:+UseSerialGC", "-XX:+UseParallelGC",
			"-XX:+UseZGC", "-XX:+UseShenandoahGC", "-XX:+UseEpsilonGC");

	private WorkerSizing() {
	}

	/**
	 * One option the master adds, and why.
	 * @param option such as {@code -XX:G1PeriodicGCInterval=15000}
	 * @param reason why, for {@code --prefork.print-config}
	 */
	public record Choice(String option, String reason) {
	}

	/**
	 * The options to add for one worker.
	 * @param jvmOptions the JVM options the workers get from the master's command line
	 * @param workers how many workers the master keeps now
	 * @return the options, empty when the JVM's own choice is right or the user chose
	 */
	public static List<String> options(List<String> jvmOptions, int workers) {
		return options(jvmOptions, workers, null);
	}

	/**
	 * The options to add for one worker under a memory limit.
	 * @param jvmOptions the JVM options the workers get from the master's command line
	 * @param workers how many workers the master keeps now
	 * @param budget the memory limit of the whole server, or null for none
	 * @return the options, empty when the JVM's own choice is right or the user chose
	 */
	public static List<String> options(List<String> jvmOptions, int workers, MemoryBudget budget) {
		return choices(jvmOptions, workers, budget).stream().map(Choice::option).toList();
	}

	/**
	 * The options to add for one worker, each with its reason.
	 * @param jvmOptions the JVM options the workers get from the master's command line
	 * @param workers how many workers the master keeps now
	 * @param budget the memory limit of the whole server, or null for none
	 * @return the choices, in the order they are added
	 */
	public static List<Choice> choices(List<String> jvmOptions, int workers, MemoryBudget budget) {
		return choices(jvmOptions, workers, budget, System.getenv());
	}

	static List<Choice> choices(List<String> jvmOptions, int workers, MemoryBudget budget,
			Map<String, String> environment) {
		InheritedHeap inherited = InheritedHeap.detect(environment);
		List<String> all = withEnvironment(jvmOptions, environment);
		if (inherited != null) {
			all.removeAll(inherited.options());
		}
		List<Choice> choices = new ArrayList<>();
		int count = Math.max(1, workers);
		if (all.stream().noneMatch(WorkerSizing::setsHeap)) {
			Choice heap = (inherited != null) ? insteadOfInherited(inherited, count, budget) : share(count, budget);
			if (heap != null) {
				choices.add(heap);
			}
		}
		if (count > 1 && all.stream().noneMatch(WorkerSizing::setsInitialHeap)) {
			choices.add(new Choice(
					String.format(Locale.ROOT, "-XX:InitialRAMPercentage=%.4f", JVM_DEFAULT_INITIAL_SHARE / count),
					count + " workers start together at one JVM's initial heap (1/64 of memory) and grow as "
							+ "their share of the load needs"));
		}
		if (all.stream().noneMatch(OTHER_COLLECTORS::contains)
				&& all.stream().noneMatch((option) -> option.startsWith("-XX:G1PeriodicGCInterval"))) {
			choices.add(new Choice("-XX:G1PeriodicGCInterval=" + PERIODIC_GC_MILLIS,
					"an idle worker collects after " + PERIODIC_GC_MILLIS / 1000 + " s without a GC and gives "
							+ "its unused heap back"));
		}
		if (all.stream().noneMatch((option) -> option.startsWith("-XX:MinHeapFreeRatio")
				|| option.startsWith("-XX:MaxHeapFreeRatio"))) {
			choices.add(new Choice("-XX:MinHeapFreeRatio=" + MIN_HEAP_FREE_PERCENT, "the bounds of free heap "
					+ "a collection leaves"));
			choices.add(new Choice("-XX:MaxHeapFreeRatio=" + MAX_HEAP_FREE_PERCENT, "a collection shrinks the heap "
					+ "to at most " + MAX_HEAP_FREE_PERCENT + "% free, where the JVM keeps up to 70%"));
		}
		if (exitsOnOutOfMemory(jvmOptions, environment) == null) {
			choices.add(new Choice(EXIT_ON_OUT_OF_MEMORY, "out of heap, a worker exits and is replaced"));
		}
		return choices;
	}

	/**
	 * Each worker's share of the heap when neither the user nor a platform sized it: what the memory
	 * limit gives each worker when that is less than the JVM's own choice, else with more than three
	 * workers their share of {@value #HEAPS_SHARE}% of memory.
	 * @return the choice, or null when the JVM's own maximum heap is right
	 */
	private static Choice share(int count, MemoryBudget budget) {
		double share = HEAPS_SHARE / count;
		if (budget != null
				&& budget.heapPerWorker(count) < budget.limitBytes() / 100 * (long) Math.min(share, JVM_DEFAULT_SHARE)) {
			long heap = Math.max(budget.heapPerWorker(count), MemoryBudget.MIN_HEAP_MB * MemoryBudget.MB);
			return new Choice("-Xmx" + heap / MemoryBudget.MB + "m", "the whole server fits in " + budget.describe(count));
		}
		if (share < JVM_DEFAULT_SHARE) {
			return new Choice(String.format(Locale.ROOT, "-XX:MaxRAMPercentage=%.2f", share),
					count + " workers' maximum heaps share at most " + (int) HEAPS_SHARE + "% of memory");
		}
		return null;
	}

	/**
	 * The heap each worker gets instead of one a platform sized for a JVM with the whole container:
	 * what the memory limit gives each worker, else the platform's heap shared among the workers.
	 * @return the choice, or null when the platform's heap is right as it is (one worker, no limit)
	 */
	private static Choice insteadOfInherited(InheritedHeap inherited, int count, MemoryBudget budget) {
		if (budget != null) {
			long heap = Math.max(budget.heapPerWorker(count), MemoryBudget.MIN_HEAP_MB * MemoryBudget.MB);
			return new Choice("-Xmx" + heap / MemoryBudget.MB + "m",
					inherited.describe() + "; the whole server fits in " + budget.describe(count));
		}
		if (count == 1) {
			return null;
		}
		if (inherited.maxHeapBytes() > 0) {
			return new Choice("-Xmx" + Math.max(inherited.maxHeapBytes() / count / MemoryBudget.MB, MemoryBudget.MIN_HEAP_MB)
					+ "m", inherited.describe() + "; " + count + " workers share it");
		}
		return new Choice(String.format(Locale.ROOT, "-XX:MaxRAMPercentage=%.2f", HEAPS_SHARE / count),
				inherited.describe() + "; " + count + " workers' maximum heaps share at most " + (int) HEAPS_SHARE
						+ "% of memory");
	}

	/**
	 * How a worker with these options treats its first OutOfMemoryError, for the log and
	 * {@code --prefork.print-config}.
	 * @param jvmOptions the JVM options the workers get from the master's command line
	 * @return null when the master adds {@value #EXIT_ON_OUT_OF_MEMORY}, else the user's own option
	 */
	public static String exitsOnOutOfMemory(List<String> jvmOptions) {
		return exitsOnOutOfMemory(jvmOptions, System.getenv());
	}

	private static String exitsOnOutOfMemory(List<String> jvmOptions, Map<String, String> environment) {
		return withEnvironment(jvmOptions, environment).stream()
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
		for (String option : withEnvironment(jvmOptions, System.getenv())) {
			if (setsHeap(option)) {
				limit = option;
			}
		}
		return (limit != null) ? limit : "the JVM's default maximum heap, " + (int) JVM_DEFAULT_SHARE + "% of memory";
	}

	/**
	 * What {@link #options} chose for a command's memory, and why, one option a line, for
	 * {@code --prefork.print-config}.
	 */
	public static List<String> describe(JavaCommand command, int workers, MemoryBudget budget) {
		List<String> described = new ArrayList<>();
		for (Choice choice : choices(command.jvmOptions(), workers, budget)) {
			if (!choice.option().equals(EXIT_ON_OUT_OF_MEMORY)) {
				described.add(choice.option() + "  (" + choice.reason() + ")");
			}
		}
		InheritedHeap inherited = InheritedHeap.detect(System.getenv());
		if (inherited != null && described.stream().noneMatch((line) -> line.contains(inherited.platform()))) {
			described.add(0, inherited.describe() + "; kept for one worker without a memory limit");
		}
		if (described.isEmpty()) {
			described.add("nothing added: the JVM options size the heap and choose the collector");
		}
		return described;
	}

	/** What a worker does on its first OutOfMemoryError, and why, for {@code --prefork.print-config}. */
	public static String describeOutOfMemory(JavaCommand command) {
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
	private static List<String> withEnvironment(List<String> jvmOptions, Map<String, String> environment) {
		List<String> all = new ArrayList<>();
		for (String variable : List.of(InheritedHeap.VARIABLE, "JDK_JAVA_OPTIONS")) {
			String value = environment.get(variable);
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

	/** Whether an option sizes the maximum heap. */
	static boolean setsHeap(String option) {
		return HEAP_OPTIONS.stream().anyMatch(option::startsWith);
	}

	private static boolean setsInitialHeap(String option) {
		return INITIAL_HEAP_OPTIONS.stream().anyMatch(option::startsWith);
	}

	/**
	 * A command with the sizing options added right after the java binary.
	 * @param command the worker's command
	 * @param workers how many workers the master keeps now
	 * @param budget the memory limit of the whole server, or null for none
	 * @return the command to spawn
	 */
	public static JavaCommand apply(JavaCommand command, int workers, MemoryBudget budget) {
		List<String> options = options(command.jvmOptions(), workers, budget);
		if (options.isEmpty()) {
			return command;
		}
		List<String> sized = new ArrayList<>(command.argv());
		sized.addAll(1, options);
		return new JavaCommand(sized);
	}

}
