package dev.prefork.sample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Gunicorn's server hooks are Spring events: the master's reach its SpringApplication's listeners,
 * the workers' reach their beans; a failing listener never stops the master, and a listener can halt
 * the server with an exit code of its choosing.
 */
class EventsIT {

	@TempDir
	Path folder;

	@Test
	void hooksArriveInOrderAFailingListenerIsHarmlessAndAListenerCanHalt() throws Exception {
		Path events = this.folder.resolve("events.log");
		try (PreforkServer server = PreforkServer.start("events", "--server.port=0", "--sample.events-file=" + events,
				"--sample.halt-on-exit-code=7", "--sample.allow-exit=true", "--sample.throw-on-spawn=true")) {
			int port = server.port();
			List<Long> workers = server.awaitReady(2).readyWorkerPids();
			await("both workers' ready events").atMost(Duration.ofSeconds(20))
				.until(() -> lines(events).stream().filter((l) -> l.startsWith("WorkerReadyEvent")).count() == 2);
			List<String> started = lines(events);
			long master = server.masterPid();
			assertThat(started.subList(0, 3)).containsExactly("ArbiterStartingEvent master=" + master,
					"ArbiterReadyEvent master=" + master + " listen=0.0.0.0:" + port,
					"WorkerSpawningEvent master=" + master + " slot=1");
			// worker 2 boots once worker 1 has warmed up (prefork.slow-start), after its ready event
			assertThat(started.indexOf("WorkerSpawningEvent master=" + master + " slot=2"))
				.isGreaterThan(started.indexOf("WorkerReadyEvent slot=1 pid=" + workers.get(0)));
			for (long pid : workers) {
				assertThat(started).anyMatch((l) -> l.matches("WorkerStartingEvent slot=\\d pid=" + pid))
					.anyMatch((l) -> l.matches("WorkerReadyEvent slot=\\d pid=" + pid));
			}
			assertThat(server.output()).contains("A listener of a prefork event failed; the master carries on")
				.contains("sample.throw-on-spawn is set: this listener fails on purpose");

			assertThat(Http.get(port, "/exit?code=7").body()).isEqualTo("exiting with code 7");
			assertThat(server.awaitExit(Duration.ofSeconds(40))).isEqualTo(7);
			assertThat(server.output()).containsPattern("Reason: worker \\d exited with code 7, which "
					+ "sample.halt-on-exit-code says is fatal; exit code 7").containsPattern("Halting: worker \\d exited with code 7");
			List<String> all = lines(events);
			assertThat(all).anyMatch((l) -> l.matches("WorkerExitedEvent master=" + master + " slot=\\d pid=\\d+ code=7"))
				.anyMatch((l) -> l.startsWith("WorkerStoppingEvent slot="))
				.endsWith("ArbiterStoppedEvent master=" + master + " code=7");
		}
	}

	private static List<String> lines(Path file) throws Exception {
		return Files.exists(file) ? Files.readAllLines(file) : List.of();
	}

}
