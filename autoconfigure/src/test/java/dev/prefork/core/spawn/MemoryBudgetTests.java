package dev.prefork.core.spawn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class MemoryBudgetTests {

	private static final long MB = 1024 * 1024;

	@TempDir
	Path root;

	@Test
	void aCgroupV2LimitIsReadFromMemoryMax() throws IOException {
		Path folder = Files.createDirectories(this.root.resolve("system.slice/app.service"));
		Files.writeString(folder.resolve("memory.max"), "1073741824\n");
		Files.writeString(folder.resolve("memory.current"), "104857600\n");
		MemoryBudget budget = MemoryBudget.detect("0::/system.slice/app.service\n", this.root);
		assertThat(budget.limitBytes()).isEqualTo(1024 * MB);
		assertThat(budget.usedBytes()).isEqualTo(100 * MB);
		assertThat(budget.source()).isEqualTo("the cgroup's memory.max in " + folder);
		Files.writeString(folder.resolve("memory.max"), "max\n");
		assertThat(MemoryBudget.detect("0::/system.slice/app.service\n", this.root)).isNull();
	}

	@Test
	void aCgroupV1LimitIsReadFromTheMemoryHierarchyOrItsRoot() throws IOException {
		Path folder = Files.createDirectories(this.root.resolve("memory/docker/abc"));
		Files.writeString(folder.resolve("memory.limit_in_bytes"), Long.toString(512 * MB));
		String cgroup = "9:name=systemd:/\n4:memory:/docker/abc\n0::/\n";
		assertThat(MemoryBudget.detect(cgroup, this.root).limitBytes()).isEqualTo(512 * MB);
		Files.writeString(folder.resolve("memory.limit_in_bytes"), "9223372036854771712");
		assertThat(MemoryBudget.detect(cgroup, this.root)).as("the kernel's no limit").isNull();
		Path containerRoot = Files.createDirectories(this.root.resolve("other/memory"));
		Files.writeString(containerRoot.resolve("memory.limit_in_bytes"), Long.toString(256 * MB));
		assertThat(MemoryBudget.detect("4:memory:/kubepods/pod1\n", this.root.resolve("other")).limitBytes())
			.as("a container sees its own cgroup as the mount's root").isEqualTo(256 * MB);
		assertThat(MemoryBudget.detect("4:cpu:/x\n", this.root)).isNull();
	}

	@Test
	void eachWorkerGetsWhatIsLeftOfTheLimitAfterTheMasterAndWhatWorkersHoldOutsideTheHeap() {
		MemoryBudget budget = new MemoryBudget(1024 * MB, 0, "memory.max");
		// 90% of 1024 MB = 921 MB, less the master's 64 MB = 857 MB; per worker less 128 MB outside the heap
		assertThat(budget.heapPerWorker(2) / MB).isEqualTo(300);
		assertThat(budget.heapPerWorker(4) / MB).isEqualTo(86);
		assertThat(budget.maxWorkers()).isEqualTo(4);
		assertThat(budget.refusal(4, List.of())).isNull();
		assertThat(budget.refusal(5, List.of())).isEqualTo("5 workers do not fit in 1024 MB, memory.max: each worker "
				+ "needs about 128 MB outside its heap and at least 64 MB of heap, and the master about 64 MB, within "
				+ "90% of the limit. At most 4 workers fit; lower prefork.workers, raise the memory limit");
		assertThat(budget.describe(2)).isEqualTo("1024 MB (memory.max): master ~64 MB + 2 worker(s) x (~128 MB outside "
				+ "the heap + at most 300 MB of heap)");
	}

	@Test
	void howManyWorkersFitWithTheSmallestHeapOrTheOneTheUserSet() {
		MemoryBudget budget = new MemoryBudget(384 * MB, 0, "memory.max");
		// 90% of 384 MB = 345 MB, less the master's 64 MB = 281 MB: one worker of 128 + 64 MB
		assertThat(budget.fittingWorkers(List.of())).isEqualTo(1);
		assertThat(budget.fittingWorkers(List.of("-Xmx200m"))).isZero();
		assertThat(new MemoryBudget(2048 * MB, 0, "memory.max").fittingWorkers(List.of("-Xmx512m"))).isEqualTo(2);
	}

	@Test
	void aHeapTheUserSetCountsAsTheWorkersHeap() {
		MemoryBudget budget = new MemoryBudget(2048 * MB, 0, "memory.max");
		assertThat(budget.refusal(2, List.of("-Xmx512m"))).isNull();
		assertThat(budget.refusal(4, List.of("-Xmx512m"))).startsWith("4 workers do not fit in 2048 MB, memory.max: "
				+ "each worker needs about 128 MB outside its heap and 512 MB of heap (as the JVM options say)")
			.endsWith("At most 2 workers fit; lower prefork.workers, raise the memory limit or lower the heap (-Xmx)");
		assertThat(budget.refusal(4, List.of("-XX:MaxRAMPercentage=25"))).isNotNull();
		assertThat(MemoryBudget.size("1g")).isEqualTo(1024 * MB);
		assertThat(MemoryBudget.size("300M")).isEqualTo(300 * MB);
		assertThat(MemoryBudget.size("4096")).isEqualTo(4096);
	}

	@Test
	void underALimitWorkersGetAnAbsoluteHeapThatFits() {
		MemoryBudget budget = new MemoryBudget(1024 * MB, 0, "memory.max");
		assertThat(WorkerSizing.options(List.of(), 4, budget)).startsWith("-Xmx86m");
		assertThat(WorkerSizing.options(List.of("-Xmx200m"), 4, budget)).doesNotContain("-Xmx86m");
		assertThat(WorkerSizing.options(List.of(), 2, budget)).as("the JVM's own quarter of the limit, 256 MB, fits")
			.noneMatch((option) -> option.startsWith("-Xmx"));
		MemoryBudget large = new MemoryBudget(64 * 1024 * MB, 0, "memory.max");
		assertThat(WorkerSizing.options(List.of(), 2, large)).as("the JVM's quarter is smaller")
			.noneMatch((option) -> option.startsWith("-Xmx"));
	}

}
