package dev.prefork.sample;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Workers start slowly ({@code prefork.slow-start}): the first one warms up alone, the next boots
 * only once it is warm, and a worker respawned beside a warm one limits its connections until its
 * JIT is quiet; with {@code prefork.slow-start=0} workers boot together and count at once.
 */
class SlowStartIT {

	private static final Duration WARM = Duration.ofSeconds(90);

	@Test
	void theFirstWorkerWarmsUpAloneAndARespawnStartsSlowlyBesideTheWarmOne() throws Exception {
		try (PreforkServer server = PreforkServer.start("slow-start", "--server.port=0", "--prefork.workers=2")) {
			int port = server.port();
			long first = Long.parseLong(server.awaitLine("Worker 1 \\(pid (\\d+)\\) warm", WARM).group(1));
			server.awaitLine("Booting worker 2", WARM);
			List<String> lines = server.output().lines().toList();
			assertThat(indexOf(lines, "Booting worker 2")).as("worker 2 boots once worker 1 is warm")
				.isGreaterThan(indexOf(lines, "Worker 1 (pid " + first + ") warm"));
			assertThat(server.output()).containsPattern(Pattern.compile(
					first + " --- .*Slow start over after [0-9.]+ s \\(the JIT is quiet\\): no connection limit"));
			long second = Long.parseLong(server.awaitLine("Worker 2 \\(pid (\\d+)\\) warm", WARM).group(1));
			assertThat(server.output()).containsPattern(Pattern.compile(
					second + " --- .*Slow start over after [0-9.]+ s \\(.*\\): up to \\d+ connection\\(s\\) at once"));
			try (Load load = new Load(port, 2)) {
				await("requests served").atMost(Duration.ofSeconds(20)).until(() -> load.succeeded() > 200);
				PreforkServer.signal(first, "KILL");
				Pattern respawned = Pattern.compile("Worker 1 \\(pid (\\d+)\\) ready in");
				await("worker 1 respawned").atMost(PreforkServer.BOOT)
					.until(() -> server.readyWorkerPids().size() == 3);
				long third = server.readyWorkerPids().get(2);
				assertThat(server.output()).containsPattern(respawned);
				server.awaitLine("Worker 1 \\(pid " + third + "\\) warm [0-9.]+ s after ready", WARM);
				assertThat(server.output()).containsPattern(Pattern.compile(third
						+ " --- .*Slow start over after [0-9.]+ s \\(.*\\): up to \\d+ connection\\(s\\) at once"));
				int before = load.succeeded();
				await("requests served by the warm respawn").atMost(Duration.ofSeconds(20))
					.until(() -> load.succeeded() > before + 200);
				load.close();
				assertThat(load.failures()).as("only what the killed worker was serving").hasSizeLessThanOrEqualTo(2);
			}
		}
	}

	@Test
	void withSlowStartOffWorkersBootTogetherAndCountOnceReady() throws Exception {
		try (PreforkServer server = PreforkServer.start("slow-start-off", "--server.port=0", "--prefork.workers=2",
				"--prefork.slow-start=0")) {
			server.port();
			server.awaitReady(2);
			List<String> lines = server.output().lines().toList();
			int secondBoot = indexOf(lines, "Booting worker 2");
			int firstReady = indexOf(lines, "Worker 1 (pid");
			assertThat(secondBoot).as("worker 2 booted before any worker was ready").isLessThan(
					Math.min(firstReady, indexOf(lines, "Worker 2 (pid")));
			assertThat(server.output()).doesNotContain("Slow start over").doesNotContainPattern(" warm [0-9.]+ s after");
		}
	}

	private static int indexOf(List<String> lines, String text) {
		for (int i = 0; i < lines.size(); i++) {
			if (lines.get(i).contains(text)) {
				return i;
			}
		}
		return Integer.MAX_VALUE;
	}

}
