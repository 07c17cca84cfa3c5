package dev.prefork.sample;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code /actuator/prefork} shows the whole server from the master's truth, whichever worker
 * answers; its write operations are off until access is granted, and then validate their input.
 */
class EndpointIT {

	@Test
	void theSampleShowsTheMastersViewAsItIsAndWritingIsOffByDefault() throws Exception {
		// the sample's own application.yml exposes the endpoint: nothing set here
		try (PreforkServer server = PreforkServer.start("endpoint-read", "--server.port=0")) {
			int port = server.port();
			List<Long> workers = server.awaitReady(2).readyWorkerPids();
			for (int i = 0; i < 4; i++) {
				Http.Response status = Http.get(port, "/actuator/prefork");
				assertThat(status.status()).isEqualTo(200);
				assertThat(status.body()).contains("\"pid\":" + server.masterPid())
					.contains("\"pid\":" + workers.get(0))
					.contains("\"pid\":" + workers.get(1))
					.contains("\"target_workers\":2")
					.containsPattern("\"class_cache\":\"(ready|untrained|training|off)\"")
					.doesNotContain(PreforkServer.SUITE_CLASS_CACHE.toAbsolutePath().toString());
			}
			Http.Response write = Http.postJson(port, "/actuator/prefork", "{\"action\":\"ttin\"}");
			assertThat(write.status()).isBetween(400, 499);
			assertThat(server.output()).doesNotContain("Scaling up");
		}
	}

	@Test
	void withAccessGrantedWritingScalesAndBadInputIsA400() throws Exception {
		try (PreforkServer server = PreforkServer.start("endpoint-write", "--server.port=0",
				"--management.endpoints.web.exposure.include=prefork", "--management.endpoint.prefork.access=unrestricted")) {
			int port = server.port();
			server.awaitReady(2);
			assertThat(Http.postJson(port, "/actuator/prefork", "{\"action\":\"scale\"}").status()).isEqualTo(400);
			assertThat(Http.postJson(port, "/actuator/prefork", "{\"action\":\"explode\"}").status()).isEqualTo(400);
			Http.Response tooMany = Http.postJson(port, "/actuator/prefork", "{\"action\":\"scale\",\"workers\":5000}");
			assertThat(tooMany.status()).isEqualTo(400);
			Http.Response scaled = Http.postJson(port, "/actuator/prefork", "{\"action\":\"scale\",\"workers\":3}");
			assertThat(scaled.status()).isEqualTo(200);
			assertThat(scaled.body()).contains("\"target_workers\":3");
			await("a third worker").atMost(PreforkServer.BOOT).until(() -> server.readyWorkerPids().size() == 3);
			assertThat(Http.postJson(port, "/actuator/prefork", "{\"action\":\"ttou\"}").status()).isEqualTo(200);
			server.awaitLine("Scaling down to 2 workers \\(control socket: ttou\\)", Duration.ofSeconds(20));
			// the next request goes to a worker that serves on, not to the one stopping
			server.awaitLine("Worker 3 \\(pid \\d+\\) stopped", Duration.ofSeconds(40));
			assertThat(Http.postJson(port, "/actuator/prefork", "{\"action\":\"reload\"}").status()).isEqualTo(200);
			Http.Response refused = Http.postJson(port, "/actuator/prefork", "{\"action\":\"ttin\"}");
			assertThat(refused.status()).as("a change while a reload is under way").isEqualTo(400);
			server.awaitLine("Ignoring control socket: ttin: a reload is under way", Duration.ofSeconds(10));
		}
	}

}
