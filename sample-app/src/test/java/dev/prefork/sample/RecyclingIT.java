package dev.prefork.sample;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A worker that reached {@code prefork.max-requests}, holds a request stuck past
 * {@code prefork.timeout}, or grew past {@code prefork.max-worker-memory}, is replaced: its replacement
 * boots first, then it stops gracefully, so capacity never dips and only a stuck request is lost.
 */
class RecyclingIT {

	@Test
	void aWorkerAtMaxRequestsIsReplacedFirstAndNoRequestFails() throws Exception {
		try (PreforkServer server = PreforkServer.start("max-requests", "--server.port=0", "--prefork.workers=1",
				"--prefork.max-requests=300", "--prefork.timeout=2s")) {
			int port = server.port();
			long first = server.awaitReady(1).readyWorkerPids().get(0);
			try (Load load = new Load(port, 2)) {
				server.awaitLine("Recycling worker 1 \\(pid " + first + "\\): served \\d+ requests \\(prefork.max-requests\\); "
						+ "its replacement boots and warms up first", Duration.ofSeconds(60));
				Matcher replaced = server.awaitLine("Worker 1 \\(pid " + first + "\\) replaced by pid (\\d+)",
						PreforkServer.BOOT);
				long second = Long.parseLong(replaced.group(1));
				server.awaitLine("Worker 1 \\(pid " + first + "\\) stopped", Duration.ofSeconds(40));
				assertThat(server.readyWorkerPids()).containsSubsequence(first, second);
				assertThat(server.output().indexOf("Worker 1 (pid " + second + ") ready"))
					.as("the replacement was ready before the old worker was told to stop")
					.isLessThan(server.output().indexOf("replaced by pid " + second));
				load.close();
				assertThat(load.failures()).as("failed requests out of %d", load.succeeded()).isEmpty();
			}
		}
	}

	@Test
	void aWorkerPastTheMemoryLimitIsReplacedFirstCountedAndNoRequestFails() throws Exception {
		try (PreforkServer server = PreforkServer.start("max-worker-memory", "--server.port=0", "--prefork.workers=1",
				"--prefork.max-worker-memory=450MB", "--sample.allow-allocate=true",
				"--management.endpoints.web.exposure.include=metrics")) {
			int port = server.port();
			long first = server.awaitReady(1).readyWorkerPids().get(0);
			assertThat(server.output()).doesNotContain("above prefork.max-worker-memory");
			try (Load load = new Load(port, 2)) {
				assertThat(Http.get(port, "/allocate?mb=400").body()).isEqualTo("holding 400 MB");
				server.awaitLine("Recycling worker 1 \\(pid " + first + "\\): its resident memory is \\d+ MB, above "
						+ "prefork.max-worker-memory \\(450 MB\\); its replacement boots and warms up first", Duration.ofSeconds(20));
				Matcher replaced = server.awaitLine("Worker 1 \\(pid " + first + "\\) replaced by pid (\\d+)",
						PreforkServer.BOOT);
				long second = Long.parseLong(replaced.group(1));
				server.awaitLine("Worker 1 \\(pid " + first + "\\) stopped", Duration.ofSeconds(40));
				load.close();
				assertThat(load.failures()).as("failed requests out of %d", load.succeeded()).isEmpty();
				assertThat(load.succeeded()).isPositive();
				assertThat(Http.get(port, "/actuator/metrics/prefork.worker.restarts?tag=reason:memory").body())
					.contains("\"value\":1.0");
				assertThat(server.readyWorkerPids()).containsExactly(first, second);
			}
		}
	}

	@Test
	void aStuckRequestRecyclesItsWorkerAndOnlyThatRequestIsLost() throws Exception {
		try (PreforkServer server = PreforkServer.start("stuck-request", "--server.port=0", "--prefork.workers=1",
				"--prefork.timeout=2s", "--prefork.graceful-timeout=3s")) {
			int port = server.port();
			long stuck = server.awaitReady(1).readyWorkerPids().get(0);
			CompletableFuture<Http.Response> hanging = CompletableFuture.supplyAsync(() -> {
				try {
					return Http.get(port, "/hang");
				}
				catch (Exception ex) {
					return null;
				}
			});
			try (Load load = new Load(port, 1)) {
				server.awaitLine("Worker 1 \\(pid " + stuck + "\\): a request has been running for [0-9.]+ s "
						+ "\\(prefork.timeout\\) on thread", Duration.ofSeconds(20));
				assertThat(server.output()).contains("SampleController.hang");
				server.awaitLine("Worker 1 \\(pid " + stuck + "\\) replaced by pid \\d+", PreforkServer.BOOT);
				server.awaitLine("Worker 1 \\(pid " + stuck + "\\) did not stop in time: killing it",
						Duration.ofSeconds(20));
				assertThat(hanging.get()).as("the stuck request is lost with its worker").isNull();
				load.close();
				assertThat(load.failures()).as("failed requests out of %d", load.succeeded()).isEmpty();
				assertThat(load.succeeded()).isPositive();
			}
		}
	}

}
