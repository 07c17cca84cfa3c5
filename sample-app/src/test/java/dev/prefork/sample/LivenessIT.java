package dev.prefork.sample;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A worker that stops sending heartbeats for longer than {@code prefork.timeout} is killed and
 * replaced, as Gunicorn does with a worker that misses its timeout.
 */
class LivenessIT {

	@Test
	void aFrozenWorkerIsKilledAfterTheTimeoutAndReplaced() throws Exception {
		try (PreforkServer server = PreforkServer.start("frozen-worker", "--server.port=0", "--prefork.timeout=2s")) {
			assertThat(server.port()).isPositive();
			int port = server.port();
			List<Long> workers = server.awaitReady(2).readyWorkerPids();
			long frozen = workers.get(1);
			PreforkServer.signal(frozen, "STOP");
			server.awaitLine("Worker \\d+ \\(pid " + frozen + "\\) sent no heartbeat for [0-9.]+ s \\(prefork.timeout\\): "
					+ "asking for its thread dump, then killing it", Duration.ofSeconds(10));
			// let the JVM run again so that it can answer the master's SIGQUIT with its thread dump
			PreforkServer.signal(frozen, "CONT");
			server.awaitLine("Full thread dump", Duration.ofSeconds(5));
			await("the frozen worker to be gone").atMost(Duration.ofSeconds(5))
				.until(() -> !PreforkServer.isAlive(frozen));
			await("a replacement for the frozen worker").atMost(PreforkServer.BOOT)
				.until(() -> server.readyWorkerPids().size() == 3);
			assertThat(server.readyWorkerPids().get(2)).isNotIn(workers);
			assertThat(Http.get(port, "/").status()).isEqualTo(200);
			assertThat(PreforkServer.isAlive(workers.get(0))).isTrue();
		}
	}

}
