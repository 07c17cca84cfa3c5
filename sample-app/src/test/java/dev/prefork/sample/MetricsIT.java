package dev.prefork.sample;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole server's figures are Micrometer meters in every worker, read from the master: a scrape
 * through the shared port shows the same numbers whichever worker answers; so does the
 * {@code prefork} health contributor.
 */
class MetricsIT {

	@Test
	void webMetricsAreSummedOverEveryWorkerIncludingOneThatDied() throws Exception {
		try (PreforkServer server = PreforkServer.start("server-meters", "--server.port=0",
				"--management.endpoints.web.exposure.include=metrics")) {
			int port = server.port();
			server.awaitReady(2);
			Set<Long> served = new HashSet<>();
			for (int i = 0; i < 20; i++) {
				served.add(Long.parseLong(Http.get(port, "/pid").body().strip()));
			}
			String pidRequests = "/actuator/metrics/prefork.http.server.requests?tag=uri:/pid";
			await("the master to sum 20 requests").atMost(Duration.ofSeconds(20))
				.until(() -> Http.get(port, pidRequests).body().contains("{\"statistic\":\"COUNT\",\"value\":20.0}"));
			long killed = served.iterator().next();
			PreforkServer.signal(killed, "KILL");
			await("the replacement").atMost(PreforkServer.BOOT)
				.until(() -> server.readyWorkerPids().size() == 3);
			for (int i = 0; i < 10; i++) {
				served.add(Long.parseLong(Http.get(port, "/pid").body().strip()));
			}
			assertThat(served).as("pids that served /pid").hasSizeGreaterThanOrEqualTo(2);
			// each worker asks the master at most once a second, so all of them agree within a second
			await("every worker to show the killed worker's 20 plus 10").atMost(Duration.ofSeconds(20))
				.until(() -> {
					for (int i = 0; i < 6; i++) {
						if (!Http.get(port, pidRequests).body().contains("{\"statistic\":\"COUNT\",\"value\":30.0}")) {
							return false;
						}
					}
					return true;
				});
			assertThat(Http.get(port, "/actuator/metrics/prefork.http.server.requests.max?tag=uri:/pid").body())
				.contains("\"statistic\":\"VALUE\"");
		}
	}

	@Test
	void anyWorkerShowsTheMastersFigures() throws Exception {
		try (PreforkServer server = PreforkServer.start("metrics", "--server.port=0",
				"--management.endpoints.web.exposure.include=health,metrics",
				"--management.endpoint.health.show-details=always")) {
			int port = server.port();
			List<Long> workers = server.awaitReady(2).readyWorkerPids();
			PreforkServer.signal(workers.get(0), "KILL");
			await("the replacement").atMost(PreforkServer.BOOT).until(() -> server.readyWorkerPids().size() == 3);
			await("the figures to show the crash").atMost(Duration.ofSeconds(10))
				.until(() -> Http.get(port, "/actuator/metrics/prefork.worker.restarts?tag=reason:crash").body()
					.contains("\"value\":1.0"));
			for (int i = 0; i < 6; i++) {
				assertThat(Http.get(port, "/actuator/metrics/prefork.worker.restarts?tag=reason:crash").body())
					.contains("\"value\":1.0");
				assertThat(Http.get(port, "/actuator/metrics/prefork.workers?tag=state:ready").body())
					.contains("\"value\":2.0");
				assertThat(Http.get(port, "/actuator/metrics/prefork.worker.boot").body())
					.contains("{\"statistic\":\"COUNT\",\"value\":3.0}");
			}
			assertThat(Http.get(port, "/actuator/metrics/prefork.workers.target").body()).contains("\"value\":2.0");
			assertThat(Http.get(port, "/actuator/health").body()).containsPattern(
					"\"prefork\":\\{\"details\":\\{\"masterPid\":" + server.masterPid()
							+ ",\"generation\":1,\"readyWorkers\":2,\"targetWorkers\":2,\"reloading\":false},\"status\":\"UP\"}");
		}
	}

}
