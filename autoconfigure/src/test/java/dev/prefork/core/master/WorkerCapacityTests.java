package dev.prefork.core.master;

import java.util.List;

import dev.prefork.core.master.WorkerCapacity.Available;
import dev.prefork.core.spawn.MemoryBudget;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WorkerCapacityTests {

	private static final long MB = 1024 * 1024;

	@Test
	void neverMoreThanTheConfiguredMaximum() {
		assertThat(WorkerCapacity.refusal(5000, 2, List.of()))
			.isEqualTo("at most 1024 workers (the maximum of prefork.workers)");
		assertThat(WorkerCapacity.refusal(1025, 1024, List.of())).isNotNull();
	}

	@Test
	void scalingDownOrWithoutWorkersToMeasureIsNeverRefusedForMemory() {
		assertThat(WorkerCapacity.refusal(1, 4, List.of(ProcessHandle.current().pid()))).isNull();
		assertThat(WorkerCapacity.refusal(8, 2, List.of())).isNull();
	}

	@Test
	void moreWorkersThanMemoryHoldsAtTheLiveWorkersSizeAreRefusedWithTheFigures() {
		Available available = new Available(1000 * MB, "MemAvailable in /proc/meminfo");
		assertThat(WorkerCapacity.refusal(3, 300 * MB, available)).isNull();
		assertThat(WorkerCapacity.refusal(4, 300 * MB, available)).isEqualTo("not enough memory for 4 more worker(s): "
				+ "each takes about 300 MB (the live workers' mean RSS) and 1000 MB are available "
				+ "(MemAvailable in /proc/meminfo)");
	}

	@Test
	void availableMemoryComesFromMeminfoOrALowerCgroupLimit() {
		assertThat(WorkerCapacity.fromMeminfo("MemTotal:       24000000 kB\nMemAvailable:    2048 kB\n"))
			.isEqualTo(new Available(2048 * 1024, "MemAvailable in /proc/meminfo"));
		assertThat(WorkerCapacity.fromCgroup(new MemoryBudget(1024 * MB, 256 * MB, "the cgroup's memory.max in /x")))
			.isEqualTo(new Available(768 * MB, "the cgroup's memory.max in /x: 1024 MB less 256 MB in use"));
	}

}
