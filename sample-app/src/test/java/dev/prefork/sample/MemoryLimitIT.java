package dev.prefork.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.awaitility.Awaitility.await;

/**
 * Under a cgroup memory limit the master sizes each worker's heap for the whole server to fit, and
 * refuses a worker count that cannot fit before it starts any worker. The tests make a real memory
 * cgroup (v2 when this host's cgroup file system is unified, else v1) and start the master inside it.
 */
class MemoryLimitIT {

	private static final long MB = 1024 * 1024;

	private static final Path ROOT = Path.of("/sys/fs/cgroup");

	private Path cgroup;

	/** The file with the cgroup's {@code oom_kill} count. */
	private Path events;

	@BeforeEach
	void makeACgroupOf1024MB() throws IOException {
		String name = "prefork-it-" + UUID.randomUUID().toString().substring(0, 8);
		Path hierarchy = Files.isRegularFile(ROOT.resolve("cgroup.controllers")) ? ROOT : ROOT.resolve("memory");
		assumeTrue(Files.isWritable(hierarchy), "making a memory cgroup needs a writable " + hierarchy
				+ " (root on this machine kind; CI runs as root)");
		if (hierarchy == ROOT) {
			Files.writeString(ROOT.resolve("cgroup.subtree_control"), "+memory");
			this.cgroup = Files.createDirectory(ROOT.resolve(name));
			Files.writeString(this.cgroup.resolve("memory.max"), Long.toString(1024 * MB));
			this.events = this.cgroup.resolve("memory.events");
		}
		else {
			this.cgroup = Files.createDirectory(ROOT.resolve("memory").resolve(name));
			Files.writeString(this.cgroup.resolve("memory.limit_in_bytes"), Long.toString(1024 * MB));
			this.events = this.cgroup.resolve("memory.oom_control");
		}
	}

	@AfterEach
	void removeTheCgroup() throws IOException {
		if (this.cgroup == null) {
			return;
		}
		// every process in it has ended (each test closes its server); the kernel then lets it go
		await("the cgroup to empty").atMost(Duration.ofSeconds(10))
			.until(() -> Files.readString(this.cgroup.resolve("cgroup.procs")).isBlank());
		Files.delete(this.cgroup);
	}

	/** A launcher that moves itself into the cgroup, then execs java, so that every worker is in it too. */
	private List<String> inCgroup() {
		return List.of("sh", "-c", "echo $$ > " + this.cgroup.resolve("cgroup.procs") + " && exec \"$@\"", "sh");
	}

	private long oomKills() throws IOException {
		for (String line : Files.readAllLines(this.events)) {
			if (line.startsWith("oom_kill ")) {
				return Long.parseLong(line.substring("oom_kill ".length()).strip());
			}
		}
		throw new IllegalStateException("No oom_kill count in " + this.events);
	}

	@Test
	void aWorkerCountThatCannotFitIsRefusedBeforeAnyWorkerStarts() throws Exception {
		try (PreforkServer server = PreforkServer.startWith("memory-limit-refused", inCgroup(), Map.of(),
				"--server.port=0", "--prefork.workers=6")) {
			assertThat(server.awaitExit(Duration.ofSeconds(30))).isNotZero();
			assertThat(server.output()).contains("APPLICATION FAILED TO START")
				.contains("Invalid value '6' for configuration property 'prefork.workers'")
				.contains("6 workers do not fit in 1024 MB, the cgroup's memory")
				.contains("At most 4 workers fit; lower prefork.workers, raise the memory limit. The value comes from "
						+ "\"prefork.workers\" from property source \"commandLineArgs\".");
			assertThat(server.bootAttempts()).isZero();
		}
	}

	@Test
	void theDefaultWorkerCountIsLoweredToWhatFitsAndTheLogSaysSo() throws Exception {
		limit(384 * MB);
		int processors = Runtime.getRuntime().availableProcessors();
		assumeTrue(processors > 1, "the default must be more than the one worker that fits");
		// without the sample's application.yml, which sets prefork.workers; no training run in 384 MB
		try (PreforkServer server = PreforkServer.startWith("memory-limit-default", inCgroup(), Map.of(),
				"--server.port=0", "--spring.config.name=no-such-config", "--prefork.class-cache=off")) {
			server.awaitReady(1);
			assertThat(server.output()).contains("Starting 1 worker(s), not " + processors + ": " + processors
					+ " workers do not fit in 384 MB");
			assertThat(Http.get(server.port(), "/").status()).isEqualTo(200);
			assertThat(server.bootAttempts()).isEqualTo(1);
		}
	}

	private void limit(long bytes) throws IOException {
		Path file = this.cgroup.resolve(Files.exists(this.cgroup.resolve("memory.max")) ? "memory.max"
				: "memory.limit_in_bytes");
		Files.writeString(file, Long.toString(bytes));
	}

	@Test
	void printConfigSaysWhatTheLimitGivesEachWorker() throws Exception {
		try (PreforkServer server = PreforkServer.startWith("memory-limit-print-config", inCgroup(), Map.of(),
				"--server.port=0", "--prefork.workers=4", "--prefork.print-config")) {
			assertThat(server.awaitExit(Duration.ofSeconds(30))).isZero();
			assertThat(server.output()).contains("# Memory limit: 1024 MB (the cgroup's memory")
				.contains("master ~64 MB + 4 worker(s) x (~128 MB outside the heap + at most 86 MB of heap)")
				.contains("# Workers' JVM sizing, added to their options:\n#   -Xmx86m  (the whole server fits in 1024 MB");
		}
	}

	@Test
	void twoWorkersServeUnderLoadInsideTheLimit() throws Exception {
		try (PreforkServer server = PreforkServer.startWith("memory-limit-serving", inCgroup(), Map.of(),
				"--server.port=0", "--prefork.workers=2")) {
			int port = server.port();
			server.awaitReady(2);
			try (Load load = new Load(port, 4)) {
				await("requests under load").atMost(Duration.ofSeconds(60)).until(() -> load.succeeded() > 20_000);
				load.close();
				assertThat(load.failures()).as("failed requests out of %d", load.succeeded()).isEmpty();
			}
			assertThat(oomKills()).as("processes the kernel killed for the cgroup's limit").isZero();
			assertThat(server.output()).doesNotContain("killed by signal 9").doesNotContain("ran out of heap")
				.doesNotContain("exited unexpectedly");
			assertThat(server.readyWorkerPids()).hasSize(2);
		}
	}

}
