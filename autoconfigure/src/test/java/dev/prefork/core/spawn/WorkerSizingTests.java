package dev.prefork.core.spawn;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WorkerSizingTests {

	private static final String PERIODIC_GC = "-XX:G1PeriodicGCInterval=10000";

	private static final String MIN_FREE = "-XX:MinHeapFreeRatio=10";

	private static final String MAX_FREE = "-XX:MaxHeapFreeRatio=30";

	private static final String EXIT = "-XX:+ExitOnOutOfMemoryError";

	@Test
	void oneWorkerKeepsTheJvmsOwnHeapAndGivesIdleMemoryBack() {
		assertThat(WorkerSizing.options(List.of(), 1)).containsExactly(PERIODIC_GC, MIN_FREE, MAX_FREE, EXIT);
		assertThat(WorkerSizing.describe(jar(), 1, null)).containsExactly("-XX:G1PeriodicGCInterval=10000  (an idle "
				+ "worker collects after 10 s without a GC and gives its unused heap back)", "-XX:MinHeapFreeRatio=10  "
				+ "(the bounds of free heap a collection leaves)", "-XX:MaxHeapFreeRatio=30  (a collection shrinks the "
				+ "heap to at most 30% free, where the JVM keeps up to 70%)");
	}

	@Test
	void workersStartTogetherAtOneJvmsInitialHeap() {
		assertThat(WorkerSizing.options(List.of(), 2)).containsExactly("-XX:InitialRAMPercentage=0.7813", PERIODIC_GC,
				MIN_FREE, MAX_FREE, EXIT);
		assertThat(WorkerSizing.options(List.of(), 3)).startsWith("-XX:InitialRAMPercentage=0.5208");
		assertThat(WorkerSizing.describe(jar(), 2, null).get(0)).startsWith("-XX:InitialRAMPercentage=0.7813  (2 workers "
				+ "start together at one JVM's initial heap");
	}

	@Test
	void moreWorkersShareThreeQuartersOfMemory() {
		assertThat(WorkerSizing.options(List.of("-Dx=y"), 4)).containsExactly("-XX:MaxRAMPercentage=18.75",
				"-XX:InitialRAMPercentage=0.3906", PERIODIC_GC, MIN_FREE, MAX_FREE, EXIT);
		assertThat(WorkerSizing.options(List.of(), 8)).startsWith("-XX:MaxRAMPercentage=9.38");
		assertThat(WorkerSizing.describe(jar(), 4, null).get(0))
			.isEqualTo("-XX:MaxRAMPercentage=18.75  (4 workers' maximum heaps share at most 75% of memory)");
	}

	@Test
	void aHeapBuildpacksSizedForOneJvmIsSharedByTheWorkers() {
		Map<String, String> buildpacks = Map.of("JAVA_TOOL_OPTIONS", "-Djava.security.properties=/layers/paketo-buildpacks_"
				+ "bellsoft-liberica/java-security-properties/java-security.properties -XX:+ExitOnOutOfMemoryError "
				+ "-XX:MaxDirectMemorySize=10M -Xmx600M -XX:MaxMetaspaceSize=144004K -XX:ReservedCodeCacheSize=240M -Xss1M",
				"BPI_APPLICATION_PATH", "/workspace");
		MemoryBudget gigabyte = new MemoryBudget(1024 * 1024 * 1024L, 0, "memory.max");
		List<WorkerSizing.Choice> limited = WorkerSizing.choices(List.of(), 2, gigabyte, buildpacks);
		assertThat(limited.get(0).option()).isEqualTo("-Xmx300m");
		assertThat(limited.get(0).reason()).startsWith("JAVA_TOOL_OPTIONS sets -Xmx600M: Cloud Native Buildpacks' memory "
				+ "calculator sized it for one JVM with the whole container; the whole server fits in 1024 MB");
		assertThat(WorkerSizing.choices(List.of(), 3, null, buildpacks).get(0).option()).isEqualTo("-Xmx200m");
		assertThat(WorkerSizing.choices(List.of(), 1, null, buildpacks)).extracting(WorkerSizing.Choice::option)
			.containsExactly(PERIODIC_GC, MIN_FREE, MAX_FREE);
		assertThat(WorkerSizing.choices(List.of("-Xmx256m"), 2, gigabyte, buildpacks)).extracting(WorkerSizing.Choice::option)
			.as("the command line's heap is the user's").doesNotContain("-Xmx300m").startsWith("-XX:InitialRAMPercentage=0.7813");
		Map<String, String> own = new HashMap<>(buildpacks);
		own.put("JDK_JAVA_OPTIONS", "-Xmx256m");
		assertThat(WorkerSizing.choices(List.of(), 2, gigabyte, own)).extracting(WorkerSizing.Choice::option)
			.as("JDK_JAVA_OPTIONS' heap is the user's").noneMatch((option) -> option.startsWith("-Xmx"));
		assertThat(WorkerSizing.choices(List.of(), 2, null, Map.of("JAVA_TOOL_OPTIONS", "-XX:MaxRAMPercentage=80", "CNB_APP_DIR",
				"/workspace")).get(0).option()).isEqualTo("-XX:MaxRAMPercentage=37.50");
	}

	@Test
	void aHeapTheUserSetInJavaToolOptionsIsTheirs() {
		assertThat(WorkerSizing.choices(List.of(), 8, null, Map.of("JAVA_TOOL_OPTIONS", "-Xmx512m")))
			.extracting(WorkerSizing.Choice::option)
			.doesNotContain("-XX:MaxRAMPercentage=9.38")
			.noneMatch((option) -> option.startsWith("-Xmx"));
		assertThat(InheritedHeap.detect(Map.of("JAVA_TOOL_OPTIONS", "-Xmx512m"))).isNull();
		assertThat(InheritedHeap.detect(Map.of("JAVA_TOOL_OPTIONS", "-Xss1M", "BPI_APPLICATION_PATH", "/workspace"))).isNull();
	}

	@Test
	void aHeapOrCollectorTheUserChoseIsLeftAlone() {
		for (String option : List.of("-Xmx512m", "-XX:MaxHeapSize=1g", "-XX:MaxRAMPercentage=50", "-XX:MaxRAM=4g")) {
			assertThat(WorkerSizing.options(List.of(option), 8)).as(option).doesNotContain("-XX:MaxRAMPercentage=9.38");
		}
		for (String option : List.of("-Xms1g", "-XX:InitialHeapSize=1g", "-XX:InitialRAMPercentage=5",
				"-XX:MinHeapSize=64m")) {
			assertThat(WorkerSizing.options(List.of(option), 2)).as(option).containsExactly(PERIODIC_GC, MIN_FREE,
					MAX_FREE, EXIT);
		}
		for (String option : List.of("-XX:+UseZGC", "-XX:+UseParallelGC", "-XX:+UseSerialGC",
				"-XX:G1PeriodicGCInterval=0")) {
			assertThat(WorkerSizing.options(List.of(option), 1)).as(option).containsExactly(MIN_FREE, MAX_FREE, EXIT);
		}
		assertThat(WorkerSizing.options(List.of("-XX:MaxHeapFreeRatio=50"), 1)).containsExactly(PERIODIC_GC, EXIT);
		assertThat(WorkerSizing.describe(jar("-Xms64m", "-XX:+UseSerialGC", "-XX:MaxHeapFreeRatio=70"), 2, null))
			.containsExactly("nothing added: the JVM options size the heap and choose the collector");
	}

	@Test
	void theOptionsGoRightAfterJavaAndBeforeTheJar() {
		JavaCommand command = JavaCommand.of(List.of("java", "-Da=b", "-jar", "app.jar", "-Xmx1g"));
		assertThat(WorkerSizing.apply(command, 6, null).argv()).containsExactly("java", "-XX:MaxRAMPercentage=12.50",
				"-XX:InitialRAMPercentage=0.2604", PERIODIC_GC, MIN_FREE, MAX_FREE, EXIT, "-Da=b", "-jar", "app.jar",
				"-Xmx1g");
		JavaCommand chosen = JavaCommand.of(List.of("java", "-XX:+CrashOnOutOfMemoryError", "-Xms32m",
				"-XX:+UseSerialGC", "-XX:MinHeapFreeRatio=20", "-jar", "app.jar"));
		assertThat(WorkerSizing.apply(chosen, 2, null)).isEqualTo(chosen);
	}

	@Test
	void workersExitOnTheirFirstOutOfMemoryErrorUnlessTheUserChose() {
		assertThat(WorkerSizing.exitsOnOutOfMemory(List.of("-Xmx64m"))).isNull();
		assertThat(WorkerSizing.describeOutOfMemory(jar())).startsWith("-XX:+ExitOnOutOfMemoryError (the worker exits "
				+ "with code 3 and is replaced");
		for (String option : List.of("-XX:+ExitOnOutOfMemoryError", "-XX:+CrashOnOutOfMemoryError",
				"-XX:OnOutOfMemoryError=kill -9 %p", "-XX:-ExitOnOutOfMemoryError")) {
			assertThat(WorkerSizing.exitsOnOutOfMemory(List.of(option))).as(option).isEqualTo(option);
			assertThat(WorkerSizing.options(List.of(option), 1)).as(option).containsExactly(PERIODIC_GC, MIN_FREE,
					MAX_FREE);
		}
		assertThat(WorkerSizing.options(List.of("-XX:+HeapDumpOnOutOfMemoryError"), 1))
			.as("a heap dump goes with an exit").containsExactly(PERIODIC_GC, MIN_FREE, MAX_FREE, EXIT);
		assertThat(WorkerSizing.describeOutOfMemory(jar("-XX:+CrashOnOutOfMemoryError")))
			.isEqualTo("as the JVM options say (-XX:+CrashOnOutOfMemoryError)");
	}

	@Test
	void theHeapLimitNamedInAnOutOfMemoryLineIsTheLastOptionThatSetsIt() {
		assertThat(WorkerSizing.heapLimit(List.of("-Xmx1g", "-XX:MaxRAMPercentage=12.50"))).isEqualTo(
				"-XX:MaxRAMPercentage=12.50");
		assertThat(WorkerSizing.heapLimit(List.of("-Da=b"))).isEqualTo("the JVM's default maximum heap, 25% of memory");
	}

	private static JavaCommand jar(String... jvmOptions) {
		List<String> argv = new java.util.ArrayList<>(List.of("java"));
		argv.addAll(List.of(jvmOptions));
		argv.addAll(List.of("-jar", "app.jar", "--server.port=0"));
		return JavaCommand.of(argv);
	}

}
