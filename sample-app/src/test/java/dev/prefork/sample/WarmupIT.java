package dev.prefork.sample;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The warm-up pass: each worker serves itself {@code prefork.warmup.requests} before its connector on
 * the master's socket starts, and those requests count neither toward max-requests nor in the whole
 * server's web metrics.
 */
class WarmupIT {

	@Test
	void workersWarmUpBeforeTheyTakeTrafficAndTheWarmupIsNotCounted() throws Exception {
		try (PreforkServer server = PreforkServer.start("warmup", "--server.port=0", "--prefork.warmup.requests=200",
				"--prefork.warmup.paths=/,/pid", "--management.endpoints.web.exposure.include=metrics")) {
			int port = server.port();
			List<Long> workers = server.awaitReady(2).readyWorkerPids();
			List<String> lines = server.output().lines().toList();
			for (long pid : workers) {
				int warmup = indexOf(lines, " " + pid + " ---", "Warm-up: 200 requests to [/, /pid] in ");
				int started = indexOf(lines, " " + pid + " ---", "Tomcat started on port");
				assertThat(warmup).as("worker %d warmed up", pid).isNotNegative();
				assertThat(warmup).as("worker %d warmed up before its connector started", pid).isLessThan(started);
			}
			for (int i = 0; i < 5; i++) {
				assertThat(Http.get(port, "/pid").status()).isEqualTo(200);
			}
			String pidRequests = "/actuator/metrics/prefork.http.server.requests?tag=uri:/pid";
			await("the master to sum the 5 real requests").atMost(Duration.ofSeconds(20))
				.until(() -> Http.get(port, pidRequests).body().contains("{\"statistic\":\"COUNT\",\"value\":5.0}"));
			assertThat(Http.get(port, "/actuator/metrics/http.server.requests?tag=uri:/pid").body())
				.as("a worker's own meter still shows its warm-up")
				.containsPattern("\"COUNT\",\"value\":1[0-9][0-9]\\.0");
		}
	}

	private static int indexOf(List<String> lines, String pid, String text) {
		for (int i = 0; i < lines.size(); i++) {
			if (lines.get(i).contains(pid) && lines.get(i).contains(text)) {
				return i;
			}
		}
		return -1;
	}

}
