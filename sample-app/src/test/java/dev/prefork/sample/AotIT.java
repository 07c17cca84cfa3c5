package dev.prefork.sample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample app as Spring AOT processed it at build time (its build runs {@code process-aot}, which
 * must not start a server), run with {@code -Dspring.aot.enabled=true}: the workers have their beans
 * although conditions were evaluated outside any worker, and a plain run has none of them.
 */
class AotIT {

	private static final Map<String, String> AOT = Map.of("JDK_JAVA_OPTIONS", "-Dspring.aot.enabled=true");

	@TempDir
	Path folder;

	@Test
	void workersOfAnAotProcessedApplicationServeOnTheMastersSocketAndReportTheirMeters() throws Exception {
		Path runtime = this.folder.resolve("runtime");
		try (PreforkServer server = PreforkServer.start("aot-workers", AOT, "--server.port=0",
				"--prefork.runtime-dir=" + runtime)) {
			int port = server.port();
			List<Long> workers = server.awaitReady(2).readyWorkerPids();
			for (long pid : workers) {
				assertThat(Files.readString(Path.of("/proc/" + pid + "/environ"))).contains("-Dspring.aot.enabled=true");
			}
			for (int i = 0; i < 3; i++) {
				Http.Response response = Http.get(port, "/");
				assertThat(response.status()).isEqualTo(200);
				assertThat(response.body()).isEqualTo("hello");
			}
			// the worker's request filter and meter report, and the master's sum of them
			await("the master to sum 3 requests").atMost(Duration.ofSeconds(20))
				.until(() -> ControlCli.against(runtime, "--prefork.ctl=meters").output()
					.matches("(?s).*\\n3 +\\d+\\.\\d{3}s +\\d+\\.\\d{3}s +http\\.server\\.requests \\{[^}]*status=200, uri=/\\}.*"));
		}
	}

	@Test
	void aPlainRunOfAnAotProcessedApplicationStartsWithoutTheWorkersBeans() throws Exception {
		try (PreforkServer server = PreforkServer.start("aot-plain", AOT, "--server.port=0",
				"--prefork.enabled=false")) {
			int port = Integer.parseInt(server.awaitLine("Tomcat started on port (\\d+)", PreforkServer.BOOT).group(1));
			assertThat(Http.get(port, "/pid").body()).isEqualTo(Long.toString(server.masterPid()));
			assertThat(server.bootAttempts()).isZero();
		}
	}

}
