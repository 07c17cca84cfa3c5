package dev.prefork.sample;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code prefork.bind=unix:/path} serves on a Unix-domain socket, as Gunicorn's {@code unix:} bind:
 * every worker answers on it, the socket survives workers that stop, and the master removes it when
 * it exits.
 */
class UnixSocketIT {

	@TempDir
	Path folder;

	@Test
	void workersServeOnTheMastersUnixSocketAndItOutlivesWorkersThatStop() throws Exception {
		Path socket = this.folder.resolve("app.sock");
		try (PreforkServer server = PreforkServer.start("unix-socket", "--prefork.bind=unix:" + socket)) {
			server.awaitLine("Listening at: unix:" + socket + " \\(master pid \\d+\\)", PreforkServer.BOOT);
			List<Long> workers = server.awaitReady(2).readyWorkerPids();
			Set<Long> answered = new HashSet<>();
			await("both workers to answer on the socket").atMost(Duration.ofSeconds(30)).until(() -> {
				Http.Response response = Http.get(socket, "/pid");
				assertThat(response.status()).isEqualTo(200);
				answered.add(Long.parseLong(response.body().trim()));
				return answered.size() == 2;
			});
			assertThat(answered).containsExactlyInAnyOrderElementsOf(workers);
			PreforkServer.signal(server.masterPid(), "TTOU");
			server.awaitLine("Worker 2 \\(pid \\d+\\) stopped", Duration.ofSeconds(40));
			assertThat(socket).exists();
			assertThat(Http.get(socket, "/")).isEqualTo(new Http.Response(200, "hello"));
			PreforkServer.signal(server.masterPid(), "TERM");
			assertThat(server.awaitExit(Duration.ofSeconds(40))).isZero();
			assertThat(socket).doesNotExist();
		}
	}

}
