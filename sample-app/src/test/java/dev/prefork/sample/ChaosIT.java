package dev.prefork.sample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * The chaos suite: what an operator's habits and a hostile host do to a running server, each
 * scenario bounded in time, with real processes, signals and load. Each writes its figures to
 * target/chaos-figures.md, the source of docs/reliability.md.
 */
class ChaosIT {

	private static final int LOAD_THREADS = 4;

	@TempDir
	Path folder;

	@Test
	void killNineOfARandomWorkerEverySecondFor15sLosesOnlyTheRequestsTheyServed() throws Exception {
		try (PreforkServer server = PreforkServer.start("chaos-kill-9", "--server.port=0")) {
			int port = server.port();
			server.awaitReady(2);
			List<Long> killed = new ArrayList<>();
			int requests;
			List<String> failures;
			try (Load load = new Load(port, LOAD_THREADS)) {
				Random random = new Random(15);
				ScheduledExecutorService every = Executors.newSingleThreadScheduledExecutor();
				every.scheduleAtFixedRate(() -> {
					List<Long> live = liveWorkers(server);
					if (!live.isEmpty()) {
						long pid = live.get(random.nextInt(live.size()));
						kill(pid);
						killed.add(pid);
					}
				}, 1, 1, TimeUnit.SECONDS);
				every.schedule(every::shutdown, 15, TimeUnit.SECONDS);
				assertThat(every.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
				await("two workers serving again").atMost(PreforkServer.BOOT)
					.until(() -> liveWorkers(server).size() == 2);
				int before = load.succeeded();
				await("requests served after the storm").atMost(Duration.ofSeconds(30))
					.until(() -> load.succeeded() > before + 200);
				load.close();
				requests = load.succeeded() + load.failures().size();
				failures = List.copyOf(load.failures());
			}
			// each worker killed within prefork.min-uptime of its boot comes back after a growing backoff and
			// a boot of seconds, so how many kills find a live worker depends on the machine: each did once
			assertThat(killed).hasSizeGreaterThanOrEqualTo(2);
			assertThat(failures).as("at most the requests in flight on each killed worker")
				.hasSizeLessThanOrEqualTo(killed.size() * LOAD_THREADS);
			PreforkServer.signal(server.masterPid(), "TERM");
			int exit = server.awaitExit(Duration.ofSeconds(40));
			assertThat(exit).isZero();
			awaitNoOrphans(server);
			new Figures("kill -9 of a random worker every second for 15 s, under load").put("requests", requests)
				.put("failed", failures.size())
				.put("workers killed", killed.size())
				.put("allowed (in flight on them, at most)", killed.size() * LOAD_THREADS)
				.put("final workers", 2)
				.put("orphans", 0)
				.put("master exit code", exit)
				.write();
		}
	}

	@Test
	void aStormOfSignalsEvery100msFromTheMastersFirstLineNeverStopsIt() throws Exception {
		Path runtime = this.folder.resolve("runtime");
		try (PreforkServer server = PreforkServer.start("chaos-signal-storm", "--server.port=0",
				"--prefork.runtime-dir=" + runtime)) {
			long master = server.awaitFirstLine().masterPid();
			Process storm = new ProcessBuilder("bash", "-c", "for i in $(seq 150); do for s in USR1 TTIN TTOU HUP; do "
					+ "kill -$s " + master + " || exit 1; done; sleep 0.1; done").inheritIO().start();
			assertThat(storm.waitFor(90, TimeUnit.SECONDS)).isTrue();
			assertThat(storm.exitValue()).as("every signal of the storm found the master alive").isZero();
			await("every slot served by a ready worker").atMost(Duration.ofSeconds(120))
				.pollInterval(Duration.ofSeconds(2))
				.until(() -> settled(runtime));
			int port = server.port();
			assertThat(Http.get(port, "/").status()).isEqualTo(200);
			String status = ControlCli.against(runtime, "--prefork.ctl=status", "--prefork.ctl-json").output();
			Matcher target = Pattern.compile("\"target_workers\":(\\d+)").matcher(status);
			assertThat(target.find()).isTrue();
			PreforkServer.signal(master, "TERM");
			int exit = server.awaitExit(Duration.ofSeconds(60));
			assertThat(exit).isZero();
			awaitNoOrphans(server);
			assertThat(server.output()).doesNotContain("hs_err");
			new Figures("USR1, TTIN, TTOU and HUP every 100 ms for 15 s from the master's first line")
				.put("signals", 600)
				.put("master survived", true)
				.put("reloads completed", count(server, "Reload complete"))
				.put("final workers", target.group(1))
				.put("orphans", 0)
				.put("master exit code", exit)
				.write();
		}
	}

	@Test
	void aMasterStoppedFor10sUnderLoadLeavesTheWorkersServingAndTheProbesAnswering() throws Exception {
		Path runtime = this.folder.resolve("runtime");
		try (PreforkServer server = PreforkServer.start("chaos-stopped-master", "--server.port=0",
				"--prefork.runtime-dir=" + runtime, "--management.endpoint.health.show-components=always")) {
			int port = server.port();
			List<Long> workers = server.awaitReady(2).readyWorkerPids();
			long master = server.masterPid();
			Duration healthTook;
			Duration cliTook;
			int servedWhileStopped;
			Duration stoppedFor;
			List<String> failures;
			int requests;
			try (Load load = new Load(port, LOAD_THREADS)) {
				int atStop = load.succeeded();
				PreforkServer.signal(master, "STOP");
				long stopped = System.nanoTime();
				try {
					Http.Response health = Http.get(port, "/actuator/health");
					healthTook = Duration.ofNanos(System.nanoTime() - stopped);
					assertThat(health.status()).isEqualTo(200);
					assertThat(health.body()).contains("\"status\":\"UP\"")
						.contains("\"prefork\":{\"status\":\"UNKNOWN\"}");
					long cliStarted = System.nanoTime();
					ControlCli cli = ControlCli.against(runtime, "--prefork.ctl=status");
					cliTook = Duration.ofNanos(System.nanoTime() - cliStarted);
					assertThat(cli.exitCode()).isEqualTo(1);
					assertThat(cli.output()).contains("The master did not answer within 2.0 s");
					int before = load.succeeded();
					await("at least 10 s with the master stopped, the workers serving").atMost(Duration.ofSeconds(30))
						.until(() -> System.nanoTime() - stopped >= TimeUnit.SECONDS.toNanos(10)
								&& load.succeeded() > before + 500);
				}
				finally {
					PreforkServer.signal(master, "CONT");
				}
				servedWhileStopped = load.succeeded() - atStop;
				stoppedFor = Duration.ofNanos(System.nanoTime() - stopped);
				await("the master answering again").atMost(Duration.ofSeconds(20))
					.until(() -> ControlCli.against(runtime, "--prefork.ctl=status").exitCode() == 0);
				load.close();
				requests = load.succeeded() + load.failures().size();
				failures = List.copyOf(load.failures());
			}
			assertThat(failures).isEmpty();
			assertThat(workers).as("no worker was taken for dead").allMatch(PreforkServer::isAlive);
			assertThat(healthTook).isLessThan(Duration.ofSeconds(4));
			new Figures("master stopped (SIGSTOP) for 10 s, under load").put("requests", requests)
				.put("failed", failures.size())
				.put("served while stopped",
						String.format("%d in %.1f s", servedWhileStopped, stoppedFor.toMillis() / 1e3))
				.put("/actuator/health", String.format("200 UP, prefork UNKNOWN, in %.1f s", healthTook.toMillis() / 1e3))
				.put("CLI", String.format("exit 1 in %.1f s", cliTook.toMillis() / 1e3))
				.put("workers replaced", 0)
				.write();
		}
	}

	@Test
	void hupWithABrokenApplicationYmlUnderLoadKeepsTheOldGenerationServing() throws Exception {
		Path config = this.folder.resolve("application.yml");
		Files.writeString(config, "prefork:\n  workers: 2\n");
		try (PreforkServer server = PreforkServer.start("chaos-hup-broken-yml", "--server.port=0",
				"--spring.config.additional-location=file:" + config)) {
			int port = server.port();
			List<Long> workers = server.awaitReady(2).readyWorkerPids();
			int requests;
			List<String> failures;
			try (Load load = new Load(port, LOAD_THREADS)) {
				Files.writeString(config, "prefork:\n  workers: [2\n  timeout: 30s\n");
				PreforkServer.signal(server.masterPid(), "HUP");
				server.awaitLine("Reload failed: worker \\d+ of generation 2 could not boot; generation 1 keeps serving",
						PreforkServer.BOOT);
				int before = load.succeeded();
				await("the old generation serving on").atMost(Duration.ofSeconds(20))
					.until(() -> load.succeeded() > before + 200);
				load.close();
				requests = load.succeeded() + load.failures().size();
				failures = List.copyOf(load.failures());
			}
			assertThat(failures).isEmpty();
			assertThat(workers).allMatch(PreforkServer::isAlive);
			PreforkServer.signal(server.masterPid(), "TERM");
			int exit = server.awaitExit(Duration.ofSeconds(40));
			assertThat(exit).isZero();
			awaitNoOrphans(server);
			new Figures("HUP with a broken application.yml, under load").put("requests", requests)
				.put("failed", failures.size())
				.put("old workers serving on", workers.size())
				.put("orphans", 0)
				.put("master exit code", exit)
				.write();
		}
	}

	@Test
	void aClassCacheOnAFullFilesystemLeavesTheWorkersBootingFromTheJar() throws Exception {
		assumeThat(System.getProperty("user.name")).as("mounting a small tmpfs needs root").isEqualTo("root");
		Path full = Files.createDirectories(this.folder.resolve("full"));
		Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=64k,mode=0700", "tmpfs", full.toString())
			.inheritIO()
			.start();
		assumeThat(mount.waitFor()).as("mount -t tmpfs (a container without CAP_SYS_ADMIN cannot)").isZero();
		try (PreforkServer server = PreforkServer.start("chaos-full-class-cache",
				Map.of("PREFORK_CLASSCACHEDIR", full.toString()), "--server.port=0")) {
			int port = server.port();
			server.awaitReady(2);
			assertThat(Http.get(port, "/").status()).isEqualTo(200);
			assertThat(server.output()).contains("Class cache off: not enough space in " + full)
				.doesNotContain("not private to this user");
			PreforkServer.signal(server.masterPid(), "TERM");
			int exit = server.awaitExit(Duration.ofSeconds(40));
			assertThat(exit).isZero();
			awaitNoOrphans(server);
			new Figures("class cache folder on a full filesystem (64 KB tmpfs)").put("workers ready", 2)
				.put("served", "200")
				.put("orphans", 0)
				.put("master exit code", exit)
				.write();
		}
		finally {
			new ProcessBuilder("umount", full.toString()).inheritIO().start().waitFor();
		}
	}

	@Test
	void aLowOpenFilesLimitStillServesUnderLoad() throws Exception {
		try (PreforkServer server = PreforkServer.startWith("chaos-ulimit-256", List.of("prlimit", "--nofile=256:256"),
				Map.of(), "--server.port=0")) {
			int port = server.port();
			server.awaitReady(2);
			int requests;
			List<String> failures;
			try (Load load = new Load(port, 2 * LOAD_THREADS)) {
				await("2,000 requests").atMost(Duration.ofSeconds(60)).until(() -> load.succeeded() > 2_000);
				load.close();
				requests = load.succeeded() + load.failures().size();
				failures = List.copyOf(load.failures());
			}
			assertThat(failures).isEmpty();
			PreforkServer.signal(server.masterPid(), "TERM");
			int exit = server.awaitExit(Duration.ofSeconds(40));
			assertThat(exit).isZero();
			awaitNoOrphans(server);
			new Figures("open files limited to 256 (prlimit --nofile=256:256), under load").put("requests", requests)
				.put("failed", failures.size())
				.put("orphans", 0)
				.put("master exit code", exit)
				.write();
		}
	}

	@Test
	void aMasterKilledWhileItTrainsTheClassCacheTakesEveryJvmItStartedAlong() throws Exception {
		Path cache = this.folder.resolve("class-cache");
		try (PreforkServer server = PreforkServer.start("chaos-kill-master-training",
				Map.of("PREFORK_CLASSCACHEDIR", cache.toString()), "--server.port=0")) {
			server.port();
			List<Long> workers = server.awaitReady(2).readyWorkerPids();
			long trainer = Long.parseLong(
					server.awaitLine("Class cache: training the .* \\(pid (\\d+),", PreforkServer.BOOT).group(1));
			assertThat(PreforkServer.isAlive(trainer)).isTrue();
			kill(server.masterPid());
			long killed = System.nanoTime();
			List<Long> started = new ArrayList<>(workers);
			started.add(trainer);
			await("every JVM the master started to end").atMost(Duration.ofSeconds(2))
				.until(() -> started.stream().noneMatch(PreforkServer::isRunning));
			new Figures("master SIGKILLed while it trains the class cache").put("JVMs it had started", started.size())
				.put("all ended within", String.format("%.2f s", (System.nanoTime() - killed) / 1e9))
				.write();
		}
	}

	/** The ready workers still alive. */
	private static List<Long> liveWorkers(PreforkServer server) {
		return server.readyWorkerPids().stream().filter(PreforkServer::isAlive).toList();
	}

	/**
	 * Waits, briefly, until no process the master started runs any more: one that outlives its
	 * master's exit by more than a few seconds is an orphan, and fails the scenario.
	 */
	private static void awaitNoOrphans(PreforkServer server) {
		await("no process the master started outliving it").atMost(Duration.ofSeconds(10))
			.until(() -> server.seenPids().stream().noneMatch(PreforkServer::isAlive));
	}

	/** Whether every slot is served by a ready worker and nothing is changing, as the CLI shows it. */
	private static boolean settled(Path runtime) throws Exception {
		ControlCli status = ControlCli.against(runtime, "--prefork.ctl=status", "--prefork.ctl-json");
		if (status.exitCode() != 0) {
			return false;
		}
		String json = status.output();
		Matcher target = Pattern.compile("\"target_workers\":(\\d+)").matcher(json);
		long ready = Pattern.compile("\"state\":\"ready\"").matcher(json).results().count();
		return json.contains("\"reloading\":false") && target.find() && ready == Integer.parseInt(target.group(1))
				&& !json.contains("\"state\":\"booting\"") && !json.contains("\"state\":\"stopping\"");
	}

	private static long count(PreforkServer server, String text) {
		return server.output().lines().filter((line) -> line.contains(text)).count();
	}

	private static void kill(long pid) {
		try {
			PreforkServer.signal(pid, "KILL");
		}
		catch (Exception ex) {
			// it was gone already
		}
	}

}
