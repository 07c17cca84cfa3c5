package dev.prefork.sample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * TERM is graceful, INT is quick, and workers never outlive their master, however it dies.
 */
class ShutdownIT {

	@Test
	void termLetsAnInFlightRequestFinishAndTheMasterExitsZero() throws Exception {
		try (PreforkServer server = PreforkServer.start("term-graceful", "--server.port=0")) {
			int port = server.port();
			List<Long> workers = server.awaitReady(2).readyWorkerPids();
			CompletableFuture<Http.Response> slow = CompletableFuture.supplyAsync(() -> {
				try {
					return Http.get(port, "/slow?ms=3000");
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			});
			await("the slow request to be in flight").atMost(Duration.ofSeconds(10))
				.until(() -> server.output().contains("Initializing Spring DispatcherServlet"));
			PreforkServer.signal(server.masterPid(), "TERM");
			assertThat(slow.get()).isEqualTo(new Http.Response(200, "slept 3000 ms"));
			assertThat(server.awaitExit(Duration.ofSeconds(40))).isZero();
			assertThat(server.output()).contains("Shutting down gracefully (SIGTERM)")
				.contains("Reason: SIGTERM; exit code 0");
			workers.forEach((pid) -> assertThat(PreforkServer.isAlive(pid)).as("worker %d", pid).isFalse());
		}
	}

	@Test
	void intStopsWorkersAtOnceAndTheMasterExitsZero() throws Exception {
		try (PreforkServer server = PreforkServer.start("int-quick", "--server.port=0")) {
			assumeThat(ignoresSignal(server.masterPid(), 2)).as("SIGINT ignored by whoever started this build").isFalse();
			int port = server.port();
			List<Long> workers = server.awaitReady(2).readyWorkerPids();
			CompletableFuture<Void> hanging = CompletableFuture.runAsync(() -> {
				try {
					Http.get(port, "/hang");
				}
				catch (Exception ex) {
					// dropped by the quick shutdown, as it should be
				}
			});
			PreforkServer.signal(server.masterPid(), "INT");
			assertThat(server.awaitExit(Duration.ofSeconds(10))).isZero();
			assertThat(server.output()).contains("Shutting down quickly (SIGINT)");
			hanging.get();
			workers.forEach((pid) -> assertThat(PreforkServer.isAlive(pid)).as("worker %d", pid).isFalse());
		}
	}

	@Test
	void workersExitWithinThreeSecondsOfTheMasterBeingKilled() throws Exception {
		try (PreforkServer server = PreforkServer.start("master-sigkill", "--server.port=0")) {
			server.port();
			List<Long> workers = server.awaitReady(2).readyWorkerPids();
			PreforkServer.signal(server.masterPid(), "KILL");
			server.awaitExit(Duration.ofSeconds(5));
			await("every worker to exit after its master died").atMost(Duration.ofSeconds(3))
				.until(() -> workers.stream().noneMatch(PreforkServer::isAlive));
		}
	}

	/** Whether a process ignores a signal, from the SigIgn mask in /proc/PID/status. */
	private static boolean ignoresSignal(long pid, int signal) throws Exception {
		for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
			if (line.startsWith("SigIgn:")) {
				long mask = Long.parseUnsignedLong(line.substring(7).trim(), 16);
				return (mask & (1L << (signal - 1))) != 0;
			}
		}
		return false;
	}

}
