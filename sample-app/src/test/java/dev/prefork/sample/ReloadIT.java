package dev.prefork.sample;

import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * HUP reloads configuration and code with zero failed requests: a new generation boots while the old
 * one serves, and only then does the old one stop. A configuration that is invalid, or a generation
 * that cannot boot, leaves the old generation serving.
 */
class ReloadIT {

	@TempDir
	Path config;

	@Test
	void hupUnderLoadReplacesEveryWorkerScalesToTheFileAndFailsNoRequest() throws Exception {
		Path file = writeConfig("prefork:\n  workers: 2\n");
		try (PreforkServer server = start("hup-under-load", file)) {
			int port = server.port();
			List<Long> old = server.awaitReady(2).readyWorkerPids();
			writeConfig("prefork:\n  workers: 3\n");
			try (Load load = new Load(port, 2)) {
				await("load running").atMost(Duration.ofSeconds(20)).until(() -> load.succeeded() > 200);
				PreforkServer.signal(server.masterPid(), "HUP");
				server.awaitLine("Reload complete: generation 2 serving with 3 worker\\(s\\)", PreforkServer.BOOT);
				await("every worker of generation 1 to stop").atMost(Duration.ofSeconds(40))
					.until(() -> old.stream().noneMatch(PreforkServer::isAlive));
				int before = load.succeeded();
				await("requests served by generation 2").atMost(Duration.ofSeconds(20))
					.until(() -> load.succeeded() > before + 200);
				load.close();
				assertThat(load.failures()).as("failed requests out of %d", load.succeeded()).isEmpty();
			}
			List<Long> generation2 = server.readyWorkerPids().subList(2, 5);
			assertThat(generation2).doesNotContainAnyElementsOf(old);
			Set<Long> answered = new HashSet<>();
			await("all three new workers to answer").atMost(Duration.ofSeconds(30)).until(() -> {
				answered.add(Long.parseLong(Http.get(port, "/pid").body().trim()));
				return answered.containsAll(generation2);
			});
			assertThat(answered).doesNotContainAnyElementsOf(old);
		}
	}

	@Test
	void hupAfterANewJarRunsTheNewCodeFromItsOwnClassCacheEntry() throws Exception {
		Path jar = this.config.resolve("app.jar");
		Files.copy(Path.of(System.getProperty("sample.jar", "target/sample-app.jar")), jar);
		Path cache = this.config.resolve("cache");
		try (PreforkServer server = PreforkServer.startJar("hup-new-jar", jar.toString(), List.of(), Map.of(),
				"--server.port=0", "--prefork.class-cache-dir=" + cache, "--management.info.env.enabled=true")) {
			int port = server.port();
			List<Long> old = server.awaitReady(2).readyWorkerPids();
			Path oldEntry = Path.of(server.awaitLine("Class cache: extracted \\S+ into (\\S+)/app", Duration.ofSeconds(5))
				.group(1));
			assertThat(Http.get(port, "/actuator/info").body()).isEqualTo("{}");
			// a new build of the jar: its own application.yml says which release it is
			Path next = this.config.resolve("app.jar.next");
			Files.copy(jar, next);
			try (FileSystem zip = FileSystems.newFileSystem(next)) {
				Path yml = zip.getPath("BOOT-INF/classes/application.yml");
				Files.writeString(yml, Files.readString(yml) + "info:\n  release: two\n");
			}
			Files.move(next, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
					java.nio.file.StandardCopyOption.ATOMIC_MOVE);
			PreforkServer.signal(server.masterPid(), "HUP");
			server.awaitLine("Reload complete: generation 2", PreforkServer.BOOT);
			await("every worker of generation 1 to stop").atMost(Duration.ofSeconds(40))
				.until(() -> old.stream().noneMatch(PreforkServer::isAlive));
			for (int i = 0; i < 6; i++) {
				assertThat(Http.get(port, "/actuator/info").body()).isEqualTo("{\"release\":\"two\"}");
			}
			List<String> entries = server.output()
				.lines()
				.filter((line) -> line.contains("Class cache: extracted"))
				.toList();
			assertThat(entries).as("one extraction per jar").hasSize(2);
			assertThat(entries.get(1)).doesNotContain(oldEntry.toString());
		}
	}

	@Test
	void anInvalidConfigurationOnDiskFailsTheNewGenerationsBootAndTheOldOneKeepsServing() throws Exception {
		Path file = writeConfig("prefork:\n  workers: 2\n");
		try (PreforkServer server = start("hup-invalid", file)) {
			int port = server.port();
			List<Long> old = server.awaitReady(2).readyWorkerPids();
			writeConfig("prefork:\n  workers: -1\n");
			PreforkServer.signal(server.masterPid(), "HUP");
			// the new generation's first worker (they boot one at a time) reads the file, refuses it and stops
			// before its context starts; no other new worker boots
			server.awaitLine("Reload failed: worker \\d of generation 2 could not boot; generation 1 keeps serving",
					PreforkServer.BOOT);
			assertThat(server.output()).contains("Property: prefork.workers")
				.contains("Value: \"-1\"")
				.contains(file.getFileName().toString())
				.doesNotContain("Reload complete");
			await("generation 2 to be gone").atMost(Duration.ofSeconds(20))
				.until(() -> server.bootAttempts() == 3 && server.output().lines()
					.filter((l) -> l.contains("(generation 2)") && l.contains("Booting worker"))
					.count() == 1);
			assertThat(old).allMatch(PreforkServer::isAlive);
			assertThat(Long.parseLong(Http.get(port, "/pid").body().trim())).isIn(old);
		}
	}

	@Test
	void aNewGenerationThatCannotBootIsStoppedAndTheOldOneKeepsServing() throws Exception {
		Path file = writeConfig("prefork:\n  workers: 2\n");
		try (PreforkServer server = start("hup-boot-failure", file)) {
			int port = server.port();
			List<Long> old = server.awaitReady(2).readyWorkerPids();
			writeConfig("prefork:\n  workers: 2\nsample:\n  fail-at-boot: true\n");
			PreforkServer.signal(server.masterPid(), "HUP");
			server.awaitLine("Reload failed: worker \\d of generation 2 could not boot; generation 1 keeps serving",
					PreforkServer.BOOT);
			assertThat(server.output()).contains("database url is missing");
			await("generation 2 to be gone").atMost(Duration.ofSeconds(20))
				.until(() -> server.output().lines().filter((l) -> l.contains("(generation 2)")).count() == 1
						&& server.bootAttempts() == 3);
			assertThat(old).allMatch(PreforkServer::isAlive);
			assertThat(Long.parseLong(Http.get(port, "/pid").body().trim())).isIn(old);
			PreforkServer.signal(server.masterPid(), "TERM");
			assertThat(server.awaitExit(Duration.ofSeconds(40))).isZero();
		}
	}

	@Test
	void hupReloadsAMasterStartedWithHupIgnoredAsNohupDoes() throws Exception {
		// nohup, or a script's background job: the JVM inherits the signals ignored and never handles them
		List<String> ignoring = List.of("sh", "-c", "trap '' HUP INT; exec \"$@\"", "sh");
		try (PreforkServer server = PreforkServer.startWith("hup-ignored", ignoring, Map.of(), "--server.port=0",
				"--prefork.workers=1")) {
			long old = server.awaitReady(1).readyWorkerPids().get(0);
			server.awaitLine("The master was started with SIGHUP ignored \\(nohup does that to HUP\\); it handles it "
					+ "all the same", Duration.ofSeconds(5));
			server.awaitLine("SIGINT is ignored in this process, as it was started \\(nohup, or a background job of a "
					+ "script\\): kill -INT does nothing; --prefork.ctl=quit does the same", Duration.ofSeconds(5));
			PreforkServer.signal(server.masterPid(), "HUP");
			server.awaitLine("Reload complete: generation 2 serving with 1 worker\\(s\\)", PreforkServer.BOOT);
			await("the old worker to stop").atMost(Duration.ofSeconds(40)).until(() -> !PreforkServer.isAlive(old));
		}
	}

	@Test
	void aMasterThatKeepsItsJvmSaysThatHupIsIgnoredAndWhatReloadsInstead() throws Exception {
		List<String> ignoring = List.of("sh", "-c", "trap '' HUP; exec \"$@\"", "sh");
		try (PreforkServer server = PreforkServer.startWith("hup-ignored-as-started", ignoring, Map.of(),
				"--server.port=0", "--prefork.workers=1", "--prefork.master-jvm=as-started")) {
			server.awaitReady(1);
			server.awaitLine("SIGHUP is ignored in this process, as it was started \\(nohup, or a background job of a "
					+ "script\\): kill -HUP does nothing; --prefork.ctl=reload does the same", Duration.ofSeconds(5));
		}
	}

	private PreforkServer start(String name, Path file) throws Exception {
		return PreforkServer.start(name, "--server.port=0", "--spring.config.additional-location=file:" + file);
	}

	private Path writeConfig(String yaml) throws Exception {
		Path file = this.config.resolve("prefork-test.yml");
		Path temporary = this.config.resolve("prefork-test.yml.tmp");
		Files.writeString(temporary, yaml);
		Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
				java.nio.file.StandardCopyOption.ATOMIC_MOVE);
		return file;
	}

}
