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
 * USR2 upgrades the master in place, as in Gunicorn and Unicorn: a new master takes over the socket
 * and boots its own workers while the old one serves; WINCH stops the old workers, TERM the old
 * master, and no request fails on the way; the pidfile and a chosen runtime folder move aside to
 * {@code .oldbin} meanwhile, and back if the new master cannot boot. It needs no setup: the small master moves HotSpot's own use of
 * USR2 away. A new master that cannot boot leaves the old one serving. No JVM of the server can be
 * aborted by a USR2.
 */
class UpgradeIT {

	@TempDir
	Path folder;

	@Test
	void usr2WinchAndTermHandTheSocketToANewMasterWithNoFailedRequest() throws Exception {
		Path pidfile = this.folder.resolve("sample.pid");
		Path oldbin = this.folder.resolve("sample.pid.oldbin");
		Path runtime = this.folder.resolve("run");
		Path runtimeAside = this.folder.resolve("run.oldbin");
		try (PreforkServer server = PreforkServer.start("usr2", "--server.port=0",
				"--prefork.pidfile=" + pidfile, "--prefork.runtime-dir=" + runtime)) {
			int port = server.port();
			List<Long> oldWorkers = server.awaitReady(2).readyWorkerPids();
			long oldMaster = server.masterPid();
			long newMaster;
			try (Load load = new Load(port, 2)) {
				PreforkServer.signal(oldMaster, "USR2");
				newMaster = Long.parseLong(
						server.awaitLine("started new master with pid (\\d+)", Duration.ofSeconds(10)).group(1));
				server.awaitLine("Taking over the listening socket of master " + oldMaster, Duration.ofSeconds(30));
				server.awaitLine("Listening at: http://0.0.0.0:" + port + " \\(master pid " + newMaster + "\\)",
						Duration.ofSeconds(30));
				await("the new master's workers").atMost(PreforkServer.BOOT)
					.until(() -> server.readyWorkerPids().size() == 4);
				assertThat(Files.readString(pidfile).strip()).isEqualTo(Long.toString(newMaster));
				assertThat(Files.readString(oldbin).strip()).isEqualTo(Long.toString(oldMaster));
				// the chosen runtime folder moved aside with the old master's sockets, as the pidfile
				assertThat(Files.readString(runtime.resolve("master.pid")).strip()).isEqualTo(Long.toString(newMaster));
				assertThat(Files.readString(runtimeAside.resolve("master.pid")).strip())
					.isEqualTo(Long.toString(oldMaster));
				PreforkServer.signal(oldMaster, "WINCH");
				await("the old master's workers to stop").atMost(Duration.ofSeconds(40))
					.until(() -> oldWorkers.stream().noneMatch(PreforkServer::isAlive));
				PreforkServer.signal(oldMaster, "TERM");
				assertThat(server.awaitExit(Duration.ofSeconds(40))).isZero();
				assertThat(PreforkServer.isAlive(newMaster)).isTrue();
				int before = load.succeeded();
				await("the new master serving alone").atMost(Duration.ofSeconds(20))
					.until(() -> load.succeeded() > before + 200);
				load.close();
				assertThat(load.failures()).as("failed requests out of %d", load.succeeded()).isEmpty();
				new Figures("USR2 with nothing set, then WINCH and TERM to the old master, under load")
					.put("requests", load.succeeded() + load.failures().size())
					.put("failed", load.failures().size())
					.put("old master exit code", 0)
					.put("new master serving", true)
					.write();
			}
			assertThat(oldbin).doesNotExist();
			assertThat(runtimeAside).doesNotExist();
			List<Long> newWorkers = server.readyWorkerPids().subList(2, 4);
			ControlCli status = ControlCli.against(runtime, "--prefork.ctl=status");
			assertThat(status.output()).contains("Master " + newMaster + " on ").contains("2 of 2 workers");
			for (long pid : newWorkers) {
				assertThat(status.output()).containsPattern("\\n\\d +" + pid + " +1 +(ready|warming) ");
			}
			assertThat(Long.parseLong(Http.get(port, "/pid").body().trim())).isIn(newWorkers);
			PreforkServer.signal(newMaster, "TERM");
			await("the new master to stop").atMost(Duration.ofSeconds(40))
				.until(() -> !PreforkServer.isAlive(newMaster));
			assertThat(pidfile).doesNotExist();
			newWorkers.forEach((pid) -> assertThat(PreforkServer.isAlive(pid)).isFalse());
		}
	}

	@Test
	void aNewMasterThatCannotBootLeavesTheOldOneServing() throws Exception {
		Path pidfile = this.folder.resolve("sample.pid");
		Path config = this.folder.resolve("upgrade.yml");
		Files.writeString(config, "sample:\n  fail-at-boot: false\n");
		Path runtime = this.folder.resolve("run");
		try (PreforkServer server = PreforkServer.start("usr2-boot-failure", "--server.port=0",
				"--prefork.pidfile=" + pidfile, "--prefork.runtime-dir=" + runtime,
				"--spring.config.additional-location=file:" + config)) {
			int port = server.port();
			List<Long> oldWorkers = server.awaitReady(2).readyWorkerPids();
			Files.writeString(config, "sample:\n  fail-at-boot: true\n");
			PreforkServer.signal(server.masterPid(), "USR2");
			server.awaitLine("New master \\(pid \\d+\\) exited \\(code 3\\); this master keeps serving",
					PreforkServer.BOOT);
			assertThat(Files.readString(pidfile).strip()).isEqualTo(Long.toString(server.masterPid()));
			assertThat(Files.readString(runtime.resolve("master.pid")).strip())
				.isEqualTo(Long.toString(server.masterPid()));
			assertThat(this.folder.resolve("run.oldbin")).doesNotExist();
			assertThat(ControlCli.against(runtime, "--prefork.ctl=status").output())
				.contains("Master " + server.masterPid() + " on ");
			assertThat(oldWorkers).allMatch(PreforkServer::isAlive);
			assertThat(Long.parseLong(Http.get(port, "/pid").body().trim())).isIn(oldWorkers);
		}
	}

	@Test
	void usr2ToAMasterInTheJvmAsStartedOrToAWorkerIsIgnoredWithAWarning() throws Exception {
		try (PreforkServer server = PreforkServer.start("usr2-as-started", "--server.port=0",
				"--prefork.master-jvm=as-started")) {
			int port = server.port();
			List<Long> workers = server.awaitReady(2).readyWorkerPids();
			assertThat(server.output()).contains("kill -USR2 is ignored with a warning");
			PreforkServer.signal(server.masterPid(), "USR2");
			server.awaitLine("Ignoring SIGUSR2: this master's JVM uses it for itself", Duration.ofSeconds(10));
			PreforkServer.signal(workers.get(0), "USR2");
			server.awaitLine("Ignoring SIGUSR2 sent to a worker: it upgrades the master, so send it to the master \\(pid "
					+ server.masterPid() + "\\)", Duration.ofSeconds(10));
			assertThat(server.isAlive()).isTrue();
			assertThat(workers).allMatch(PreforkServer::isAlive);
			assertThat(Http.get(port, "/").status()).isEqualTo(200);
			assertThat(server.output()).doesNotContain("started new master");
			assertThat(Path.of("hs_err_pid" + server.masterPid() + ".log")).doesNotExist();
		}
	}

}
