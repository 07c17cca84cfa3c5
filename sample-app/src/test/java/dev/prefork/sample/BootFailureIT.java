package dev.prefork.sample;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A worker that cannot boot shows its real exception in the master's log, and the master stops with
 * exit code 3 instead of respawning forever.
 */
class BootFailureIT {

	@Test
	void whenNoWorkerCanBootTheMasterExitsWithCode3AndShowsTheCause() throws Exception {
		try (PreforkServer server = PreforkServer.start("boot-failure", Map.of("SAMPLE_FAIL_AT_BOOT", "true"),
				"--server.port=0")) {
			assertThat(server.awaitExit(Duration.ofSeconds(60))).isEqualTo(3);
			assertThat(server.output())
				.containsPattern("ERROR \\d+ .* Worker 1 \\(pid \\d+\\) failed to boot \\(code 1\\): "
						+ "java.lang.IllegalStateException: database url is missing")
				.contains("Caused by: java.lang.IllegalStateException: database url is missing")
				.contains("Reason: no worker could boot (2 of 2 failed); exit code 3")
				.containsPattern("Worker \\d \\(pid \\d+\\) failed to boot \\(code 1\\): java.lang.IllegalStateException: "
						+ "database url is missing \\(as worker \\d above\\)")
				.doesNotContain("Application run failed");
			assertThat(server.output().split("Caused by: java.lang.IllegalStateException: database url is missing", -1))
				.as("the trace, once for both workers' one failure").hasSize(2);
			assertThat(server.bootAttempts()).isEqualTo(2);
		}
	}

	@Test
	void theFailureOfASingleWorkerIsNamedWithItsIdAndPid() throws Exception {
		try (PreforkServer server = PreforkServer.start("boot-failure-one", "--server.port=0", "--prefork.workers=1",
				"--sample.fail-at-boot=true")) {
			assertThat(server.awaitExit(Duration.ofSeconds(60))).isEqualTo(3);
			assertThat(server.bootAttempts()).isEqualTo(1);
			assertThat(server.output()).containsPattern("Booting worker 1 with pid (\\d+)")
				.contains("Reason: no worker could boot (1 of 1 failed); exit code 3");
		}
	}

}
