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
 * USR1 reopens the log files of the master and of every worker, so that logrotate can move a log
 * file away and the server writes to a new one.
 */
class LogsIT {

	@TempDir
	Path folder;

	@Test
	void usr1MakesTheMasterAndEveryWorkerWriteToANewLogFile() throws Exception {
		Path log = this.folder.resolve("app.log");
		try (PreforkServer server = PreforkServer.start("usr1", "--server.port=0", "--logging.file.name=" + log)) {
			server.port();
			List<Long> workers = server.awaitReady(2).readyWorkerPids();
			Path rotated = this.folder.resolve("app.log.1");
			Files.move(log, rotated);
			PreforkServer.signal(server.masterPid(), "USR1");
			for (long pid : List.of(server.masterPid(), workers.get(0), workers.get(1))) {
				await("process " + pid + " to log into the new file").atMost(Duration.ofSeconds(20))
					.until(() -> Files.exists(log) && Files.readAllLines(log)
						.stream()
						.anyMatch((line) -> line.contains(" " + pid + " --- ") && line.contains("Reopened 1 log file(s) (USR1)")));
			}
			assertThat(Files.readString(rotated)).contains("Worker 1 (pid ").contains("ready in");
			assertThat(Files.readString(log)).doesNotContain("ready in");
		}
	}

}
