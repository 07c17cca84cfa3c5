package dev.prefork.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The master as a container's main process, without a container: {@code unshare --pid --fork
 * --mount-proc} gives it a pid namespace of its own, where it is PID 1. It serves, reaps the orphans
 * the namespace hands it (no zombie stays), and exits 0 on TERM with nothing left behind.
 */
class Pid1IT {

	@TempDir
	Path folder;

	@Test
	void asPid1TheMasterServesReapsOrphansAndExitsZeroOnTerm() throws Exception {
		assumeTrue("root".equals(System.getProperty("user.name")), "a pid namespace needs root here");
		try (PreforkServer server = PreforkServer.startWith("pid-1", List.of("unshare", "--pid", "--fork", "--mount-proc"),
				Map.of(), "--server.port=0", "--prefork.runtime-dir=" + this.folder.resolve("run"))) {
			int port = server.port();
			server.awaitReady(2);
			assertThat(server.output()).contains("(master pid 1)")
				.contains("Running as PID 1: the master waits for every orphaned process of the container");
			long master = server.hostMasterPid();
			// two processes whose parent exits at once: the namespace gives them to its PID 1
			Process orphans = new ProcessBuilder("nsenter", "-t", Long.toString(master), "-p", "-m", "sh", "-c",
					"sleep 2 & sleep 3 & exit 0").start();
			assertThat(orphans.waitFor(10, TimeUnit.SECONDS)).isTrue();
			assertThat(orphans.exitValue()).isZero();
			assertThat(children(master).filter((pid) -> command(pid).equals("sleep")).count())
				.as("orphans the master inherited").isEqualTo(2);
			// a reaped zombie leaves /proc; one nobody waits for stays there, named sleep, for ever
			await("the orphans to end and be reaped").atMost(Duration.ofSeconds(15))
				.until(() -> children(master).noneMatch((pid) -> command(pid).equals("sleep")));
			assertThat(zombieChildren(master)).as("zombies of the master").isEmpty();
			assertThat(Http.get(port, "/").status()).isEqualTo(200);
			PreforkServer.signal(master, "TERM");
			assertThat(server.awaitExit(Duration.ofSeconds(40))).isZero();
			assertThat(server.output()).contains("Shutting down: Master (pid 1). Reason: SIGTERM; exit code 0");
		}
	}

	private static Stream<Long> children(long parent) {
		try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
			return entries.map((entry) -> entry.getFileName().toString())
				.filter((name) -> name.chars().allMatch(Character::isDigit))
				.map(Long::parseLong)
				.filter((pid) -> stat(pid).length > 1 && stat(pid)[1].equals(Long.toString(parent)))
				.toList()
				.stream();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static List<Long> zombieChildren(long parent) {
		return children(parent).filter((pid) -> stat(pid)[0].equals("Z")).toList();
	}

	/** State and parent pid, from {@code /proc/<pid>/stat}; empty when the process is gone. */
	private static String[] stat(long pid) {
		try {
			String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
			return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		}
		catch (IOException ex) {
			return new String[0];
		}
	}

	private static String command(long pid) {
		try {
			return Files.readString(Path.of("/proc", Long.toString(pid), "comm")).strip();
		}
		catch (IOException ex) {
			return "";
		}
	}

}
