package dev.prefork.core.spawn;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WorkerSizingTests {

	@Test
	void upToThreeWorkersKeepTheJvmsOwnHeap() {
		assertThat(WorkerSizing.options(List.of(), 1)).containsExactly("-XX:+ExitOnOutOfMemoryError");
		assertThat(WorkerSizing.options(List.of(), 3)).containsExactly("-XX:+ExitOnOutOfMemoryError");
		assertThat(WorkerSizing.describe(jar(), 2)).startsWith("nothing added: 2 worker(s) at the JVM's default heap");
	}

	@Test
	void moreWorkersShareThreeQuartersOfMemory() {
		assertThat(WorkerSizing.options(List.of("-Dx=y"), 4)).containsExactly("-XX:MaxRAMPercentage=18.75",
				"-XX:+ExitOnOutOfMemoryError");
		assertThat(WorkerSizing.options(List.of(), 8)).containsExactly("-XX:MaxRAMPercentage=9.38",
				"-XX:+ExitOnOutOfMemoryError");
		assertThat(WorkerSizing.describe(jar(), 4))
			.isEqualTo("-XX:MaxRAMPercentage=18.75 (4 workers' heaps share at most 75% of memory)");
	}

	@Test
	void aHeapTheUserSizedIsLeftAlone() {
		for (String option : List.of("-Xmx512m", "-XX:MaxHeapSize=1g", "-XX:MaxRAMPercentage=50", "-XX:MaxRAM=4g")) {
			assertThat(WorkerSizing.options(List.of(option), 8)).as(option).containsExactly("-XX:+ExitOnOutOfMemoryError");
		}
		assertThat(WorkerSizing.describe(jar("-Xmx512m"), 8)).isEqualTo("nothing added: the JVM options size the heap");
	}

	@Test
	void theOptionGoesRightAfterJavaAndBeforeTheJar() {
		WorkerCommand command = WorkerCommand.of(List.of("java", "-Da=b", "-jar", "app.jar", "-Xmx1g"));
		assertThat(WorkerSizing.apply(command, 6).argv()).containsExactly("java", "-XX:MaxRAMPercentage=12.50",
				"-XX:+ExitOnOutOfMemoryError", "-Da=b", "-jar", "app.jar", "-Xmx1g");
		WorkerCommand chosen = WorkerCommand.of(List.of("java", "-XX:+CrashOnOutOfMemoryError", "-jar", "app.jar"));
		assertThat(WorkerSizing.apply(chosen, 2)).isEqualTo(chosen);
	}

	@Test
	void workersExitOnTheirFirstOutOfMemoryErrorUnlessTheUserChose() {
		assertThat(WorkerSizing.exitsOnOutOfMemory(List.of("-Xmx64m"))).isNull();
		assertThat(WorkerSizing.describeOutOfMemory(jar())).startsWith("-XX:+ExitOnOutOfMemoryError (the worker exits "
				+ "with code 3 and is replaced");
		for (String option : List.of("-XX:+ExitOnOutOfMemoryError", "-XX:+CrashOnOutOfMemoryError",
				"-XX:OnOutOfMemoryError=kill -9 %p", "-XX:-ExitOnOutOfMemoryError")) {
			assertThat(WorkerSizing.exitsOnOutOfMemory(List.of(option))).as(option).isEqualTo(option);
			assertThat(WorkerSizing.options(List.of(option), 1)).as(option).isEmpty();
		}
		assertThat(WorkerSizing.options(List.of("-XX:+HeapDumpOnOutOfMemoryError"), 1))
			.as("a heap dump goes with an exit").containsExactly("-XX:+ExitOnOutOfMemoryError");
		assertThat(WorkerSizing.describeOutOfMemory(jar("-XX:+CrashOnOutOfMemoryError")))
			.isEqualTo("as the JVM options say (-XX:+CrashOnOutOfMemoryError)");
	}

	@Test
	void theHeapLimitNamedInAnOutOfMemoryLineIsTheLastOptionThatSetsIt() {
		assertThat(WorkerSizing.heapLimit(List.of("-Xmx1g", "-XX:MaxRAMPercentage=12.50"))).isEqualTo(
				"-XX:MaxRAMPercentage=12.50");
		assertThat(WorkerSizing.heapLimit(List.of("-Da=b"))).isEqualTo("the JVM's default maximum heap, 25% of memory");
	}

	private static WorkerCommand jar(String... jvmOptions) {
		List<String> argv = new java.util.ArrayList<>(List.of("java"));
		argv.addAll(List.of(jvmOptions));
		argv.addAll(List.of("-jar", "app.jar", "--server.port=0"));
		return WorkerCommand.of(argv);
	}

}
