package dev.prefork.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The workers' class cache: extracted at start, trained in the background once the workers serve,
 * mapped by every worker started later and by the next master; a broken archive never stops a worker;
 * a master that stops leaves no training run behind.
 */
class ClassCacheIT {

	private static final String ARCHIVE_OPTION = (Runtime.version().feature() >= 25) ? "-XX:AOTCache="
			: "-XX:SharedArchiveFile=";

	@TempDir
	Path folder;

	@Test
	void trainedOnceServingThenMappedByLaterWorkersAndTheNextMaster() throws Exception {
		Path cache = this.folder.resolve("cache");
		Path archive;
		try (PreforkServer server = PreforkServer.start("class-cache-train", "--server.port=0",
				"--prefork.class-cache-dir=" + cache)) {
			List<Long> first = server.awaitReady(2).readyWorkerPids();
			for (long pid : first) {
				assertThat(commandLine(pid)).doesNotContain(ARCHIVE_OPTION).contains("-jar " + cache);
			}
			archive = Path.of(server.awaitLine("Class cache ready: (\\S+) \\(", Duration.ofSeconds(90)).group(1));
			assertThat(archive).isRegularFile().startsWith(cache);
			PreforkServer.signal(server.masterPid(), "TTIN");
			await("a third worker").atMost(PreforkServer.BOOT).until(() -> server.readyWorkerPids().size() == 3);
			long third = server.readyWorkerPids().get(2);
			assertThat(commandLine(third)).contains(ARCHIVE_OPTION + archive).contains("-jar " + cache);
			assertThat(Http.get(server.port(), "/").status()).isEqualTo(200);
		}
		try (PreforkServer next = PreforkServer.start("class-cache-reuse", "--server.port=0",
				"--prefork.class-cache-dir=" + cache)) {
			for (long pid : next.awaitReady(2).readyWorkerPids()) {
				assertThat(commandLine(pid)).contains(ARCHIVE_OPTION + archive);
			}
			assertThat(next.output()).contains("Class cache: workers map " + archive).doesNotContain("training the");
		}
		// a file of the extraction changed at rest: the next master extracts the jar again
		Path extracted = archive.resolveSibling("app");
		try (Stream<Path> files = Files.walk(extracted)) {
			Path lib = files.filter((file) -> file.toString().endsWith(".jar") && file.getParent().endsWith("lib"))
				.findFirst()
				.orElseThrow();
			Files.write(lib, new byte[] { 0 }, StandardOpenOption.APPEND);
		}
		try (PreforkServer damaged = PreforkServer.start("class-cache-damaged", "--server.port=0",
				"--prefork.class-cache-dir=" + cache)) {
			damaged.awaitReady(2);
			assertThat(damaged.output()).contains("Class cache: the extraction in " + extracted
					+ " is damaged (its files changed since it was extracted); extracting the jar again")
				.contains("Class cache: extracted ");
			assertThat(Http.get(damaged.port(), "/").status()).isEqualTo(200);
		}
	}

	@Test
	void aBrokenArchiveNeverStopsAWorker() throws Exception {
		Path cache = this.folder.resolve("cache");
		Path archive;
		try (PreforkServer server = PreforkServer.start("class-cache-before-break", "--server.port=0",
				"--prefork.class-cache-dir=" + cache)) {
			server.awaitReady(2);
			archive = Path.of(server.awaitLine("Class cache ready: (\\S+) \\(", Duration.ofSeconds(90)).group(1));
		}
		Files.delete(archive);
		Files.write(archive, "not an archive, nor anything a JVM could map".repeat(1000).getBytes(StandardCharsets.UTF_8));
		try (PreforkServer server = PreforkServer.start("class-cache-broken", "--server.port=0",
				"--prefork.class-cache-dir=" + cache)) {
			for (long pid : server.awaitReady(2).readyWorkerPids()) {
				assertThat(commandLine(pid)).contains(ARCHIVE_OPTION + archive);
			}
			assertThat(Http.get(server.port(), "/").status()).isEqualTo(200);
			assertThat(server.bootAttempts()).as("no worker failed to boot").isEqualTo(2);
		}
	}

	@Test
	void offRunsTheMastersOwnCommand() throws Exception {
		try (PreforkServer server = PreforkServer.start("class-cache-off", "--server.port=0",
				"--prefork.class-cache=off")) {
			for (long pid : server.awaitReady(2).readyWorkerPids()) {
				assertThat(commandLine(pid)).doesNotContain(ARCHIVE_OPTION).contains("-jar " + System.getProperty("sample.jar", "target/sample-app.jar") + " ");
			}
			assertThat(server.output()).contains("Class cache off: prefork.class-cache is off");
		}
	}

	@Test
	void aMasterThatStopsWhileTrainingLeavesNoTrainingRunBehind() throws Exception {
		Path cache = this.folder.resolve("cache");
		try (PreforkServer server = PreforkServer.start("class-cache-stop", "--server.port=0",
				"--prefork.class-cache-dir=" + cache)) {
			server.awaitReady(2);
			long trainer = Long.parseLong(
					server.awaitLine("Class cache: training the .* \\(pid (\\d+),", Duration.ofSeconds(30)).group(1));
			assertThat(PreforkServer.isAlive(trainer)).as("the training run, a few seconds long, is under way").isTrue();
			PreforkServer.signal(server.masterPid(), "TERM");
			assertThat(server.awaitExit(Duration.ofSeconds(40))).isZero();
			await("the training run to end with its master").atMost(Duration.ofSeconds(5))
				.until(() -> !PreforkServer.isAlive(trainer));
			try (Stream<Path> files = Files.walk(cache)) {
				assertThat(files.map(Path::getFileName).map(Path::toString))
					.noneMatch((name) -> name.startsWith("classes."));
			}
		}
	}

	private static String commandLine(long pid) throws IOException {
		return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8)
			.replace('\0', ' ');
	}

}
