package dev.prefork.sample;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * TTIN adds a worker and TTOU retires one gracefully, under load, without a single failed request:
 * a retiring worker stops accepting before it stops, so it never drops a connection it took.
 */
class ScalingIT {

	@Test
	void scalingUpAndDownUnderLoadFailsNoRequest() throws Exception {
		try (PreforkServer server = PreforkServer.start("ttin-ttou", "--server.port=0")) {
			int port = server.port();
			server.awaitReady(2);
			long master = server.masterPid();
			try (Load load = new Load(port, 2)) {
				for (int round = 1; round <= 3; round++) {
					int readyBefore = server.readyWorkerPids().size();
					PreforkServer.signal(master, "TTIN");
					await("worker 3 ready, round " + round).atMost(PreforkServer.BOOT)
						.until(() -> server.readyWorkerPids().size() == readyBefore + 1);
					long third = lastReady(server);
					int before = load.succeeded();
					await("requests served by three workers").atMost(Duration.ofSeconds(20))
						.until(() -> load.succeeded() > before + 200);
					PreforkServer.signal(master, "TTOU");
					server.awaitLine("Worker 3 \\(pid " + third + "\\) stopped", Duration.ofSeconds(40));
					assertThat(PreforkServer.isAlive(third)).isFalse();
					assertThat(server.output()).containsPattern(Pattern.compile(
							third + " --- .*Graceful shutdown complete"));
				}
				int before = load.succeeded();
				await("requests served after the last TTOU").atMost(Duration.ofSeconds(20))
					.until(() -> load.succeeded() > before + 200);
				load.close();
				assertThat(load.failures()).as("failed requests out of %d", load.succeeded()).isEmpty();
			}
			finally {
				assertThat(server.output()).contains("Scaling up to 3 workers (SIGTTIN)")
					.contains("Scaling down to 2 workers (SIGTTOU): retiring worker 3");
			}
		}
	}

	@Test
	void ttouNeverGoesBelowOneWorker() throws Exception {
		try (PreforkServer server = PreforkServer.start("ttou-floor", "--server.port=0", "--prefork.workers=1")) {
			int port = server.port();
			long only = server.awaitReady(1).readyWorkerPids().get(0);
			PreforkServer.signal(server.masterPid(), "TTOU");
			server.awaitLine("Not scaling down \\(SIGTTOU\\): already at 1 worker", Duration.ofSeconds(10));
			assertThat(Http.get(port, "/pid").body()).isEqualTo(Long.toString(only));
		}
	}

	private static long lastReady(PreforkServer server) {
		List<Long> pids = server.readyWorkerPids();
		return pids.get(pids.size() - 1);
	}

}
