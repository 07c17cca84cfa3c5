package dev.prefork.sample;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bad {@code prefork.*} value stops the master before it spawns anything, with a message that names
 * the property, the value, its origin and what is allowed; print-config and check-config answer and
 * exit; prefork.enabled=false runs one plain JVM.
 */
class ConfigurationIT {

	private static final Duration EXIT = Duration.ofSeconds(30);

	@Test
	void anOutOfRangeValueOnTheCommandLineIsRefusedBeforeAnyWorkerStarts() throws Exception {
		try (PreforkServer server = PreforkServer.start("bad-workers", "--server.port=0", "--prefork.workers=-1")) {
			assertThat(server.awaitExit(EXIT)).isNotZero();
			assertThat(server.output()).contains("APPLICATION FAILED TO START")
				.contains("Property: prefork.workers")
				.contains("Value: \"-1\"")
				.contains("Origin: \"prefork.workers\" from property source \"commandLineArgs\"")
				.contains("Reason: must be between 1 and 1024");
			assertThat(server.bootAttempts()).isZero();
		}
	}

	@Test
	void aValueThatDoesNotConvertNamesItsEnvironmentVariable() throws Exception {
		try (PreforkServer server = PreforkServer.start("bad-graceful-timeout",
				Map.of("PREFORK_GRACEFUL_TIMEOUT", "abc"), "--server.port=0")) {
			assertThat(server.awaitExit(EXIT)).isNotZero();
			assertThat(server.output()).contains("Property: prefork.graceful-timeout")
				.contains("Value: \"abc\"")
				.contains("Origin: System Environment Property \"PREFORK_GRACEFUL_TIMEOUT\"")
				.contains("'abc' is not a valid duration");
			assertThat(server.bootAttempts()).isZero();
		}
	}

	@Test
	void aTypoInAPreforkKeyIsRefused() throws Exception {
		try (PreforkServer server = PreforkServer.start("typo-key", "--server.port=0", "--prefork.workerz=3")) {
			assertThat(server.awaitExit(EXIT)).isNotZero();
			assertThat(server.output()).contains("Property: prefork.workerz")
				.contains("Origin: \"prefork.workerz\" from property source \"commandLineArgs\"")
				.contains("Reason: no such setting; did you mean prefork.workers?")
				.doesNotContain("Bindable@");
			assertThat(server.bootAttempts()).isZero();
		}
	}

	@Test
	void printConfigShowsEachValueWithItsOriginAndExitsZero() throws Exception {
		try (PreforkServer server = PreforkServer.start("print-config", Map.of("WEB_CONCURRENCY", "3"),
				"--prefork.print-config", "--prefork.workers=4", "--server.port=9999",
				"--spring.datasource.password=hunter2")) {
			assertThat(server.awaitExit(EXIT)).isZero();
			assertThat(server.output()).contains("--spring.datasource.password=******").doesNotContain("hunter2");
			assertThat(server.output())
				.containsPattern("prefork.workers +?= 4 +# \"prefork.workers\" from property source \"commandLineArgs\"")
				.containsPattern("prefork.backlog +?= 2048 +# default")
				.containsPattern("server.address +?= 0.0.0.0:9999 +# \"server.port\" from property source")
				.containsPattern("prefork.class-cache +?= auto +# default")
				.contains("prefork.class-cache-dir    = " + PreforkServer.SUITE_CLASS_CACHE.toAbsolutePath()
						+ " ")
				.contains("# Workers' JVM sizing, added to their options:\n#   -XX:MaxRAMPercentage=18.75  (4 workers' "
						+ "maximum heaps share at most 75% of memory)\n#   -XX:InitialRAMPercentage=0.3906  (4 workers start")
				.contains("#   -XX:G1PeriodicGCInterval=10000  (an idle worker collects after 10 s without a GC");
			assertThat(server.bootAttempts()).isZero();
		}
		try (PreforkServer server = PreforkServer.start("print-config-yml", "--prefork.print-config")) {
			assertThat(server.awaitExit(EXIT)).isZero();
			assertThat(server.output()).containsPattern("prefork.workers +?= 2 +# class path resource \\[application.yml\\]");
		}
	}

	@Test
	void aHeapBuildpacksSizedForOneJvmIsSharedByTheWorkers() throws Exception {
		Map<String, String> buildpacks = Map.of("JAVA_TOOL_OPTIONS", "-XX:MaxDirectMemorySize=10M -Xmx600m -Xss1M",
				"BPI_APPLICATION_PATH", "/workspace");
		try (PreforkServer server = PreforkServer.start("print-config-buildpacks", buildpacks, "--prefork.print-config",
				"--prefork.workers=3")) {
			assertThat(server.awaitExit(EXIT)).isZero();
			assertThat(server.output()).contains("#   -Xmx200m  (JAVA_TOOL_OPTIONS sets -Xmx600m: Cloud Native Buildpacks' "
					+ "memory calculator sized it for one JVM with the whole container; 3 workers share it)");
		}
		try (PreforkServer server = PreforkServer.start("buildpacks-heap", buildpacks, "--server.port=0",
				"--prefork.workers=2")) {
			long worker = server.awaitReady(1).readyWorkerPids().get(0);
			List<String> command = List.of(Files.readString(Path.of("/proc", Long.toString(worker), "cmdline")).split("\0"));
			assertThat(command).as("the worker's command line, which wins over JAVA_TOOL_OPTIONS").contains("-Xmx300m");
		}
	}

	@Test
	void checkConfigValidatesAndExits() throws Exception {
		try (PreforkServer server = PreforkServer.start("check-config", "--prefork.check-config",
				"--server.port=0")) {
			assertThat(server.awaitExit(EXIT)).isZero();
			assertThat(server.output()).contains("prefork configuration is valid: 2 worker(s)");
		}
		try (PreforkServer server = PreforkServer.start("check-config-bad", "--prefork.check-config",
				"--prefork.backlog=0")) {
			assertThat(server.awaitExit(EXIT)).isNotZero();
			assertThat(server.output()).contains("Property: prefork.backlog");
		}
	}

	@Test
	void aPortInUseIsAClearErrorAndANonZeroExit() throws Exception {
		try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("0.0.0.0"));
				PreforkServer server = PreforkServer.start("port-in-use", "--server.port=" + taken.getLocalPort())) {
			assertThat(server.awaitExit(EXIT)).isNotZero();
			assertThat(server.output()).contains("Port " + taken.getLocalPort() + " was already in use.");
			assertThat(server.bootAttempts()).isZero();
		}
	}

	@Test
	void thePidfileNamesTheMasterWhileItRunsAndIsRemovedWhenItStops(@org.junit.jupiter.api.io.TempDir Path folder)
			throws Exception {
		Path pidfile = folder.resolve("sample.pid");
		try (PreforkServer server = PreforkServer.start("pidfile", "--server.port=0",
				"--prefork.pidfile=" + pidfile)) {
			server.port();
			server.awaitReady(2);
			assertThat(Files.readString(pidfile).strip()).isEqualTo(Long.toString(server.masterPid()));
			PreforkServer.signal(server.masterPid(), "TERM");
			assertThat(server.awaitExit(Duration.ofSeconds(40))).isZero();
			assertThat(pidfile).doesNotExist();
		}
	}

	@Test
	void aPidfileNamingARunningProcessStopsTheStart(@org.junit.jupiter.api.io.TempDir Path folder) throws Exception {
		Path pidfile = folder.resolve("sample.pid");
		Files.writeString(pidfile, ProcessHandle.current().pid() + "\n");
		try (PreforkServer server = PreforkServer.start("pidfile-taken", "--server.port=0",
				"--prefork.pidfile=" + pidfile)) {
			assertThat(server.awaitExit(EXIT)).isNotZero();
			assertThat(server.output()).contains("names process " + ProcessHandle.current().pid() + ", which is running");
			assertThat(server.bootAttempts()).isZero();
		}
	}

	@Test
	void aRuntimeFolderOpenToOthersStopsTheStartWithWhatToDo(@org.junit.jupiter.api.io.TempDir Path folder)
			throws Exception {
		Path runtime = Files.createDirectory(folder.resolve("runtime"),
				java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
						java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x")));
		try (PreforkServer server = PreforkServer.start("runtime-dir-open", "--server.port=0",
				"--prefork.runtime-dir=" + runtime)) {
			assertThat(server.awaitExit(EXIT)).isNotZero();
			assertThat(server.output()).contains("APPLICATION FAILED TO START")
				.contains("The prefork runtime folder " + runtime
						+ " cannot hold the master's sockets: it is open to other users (rwxr-xr-x)")
				.contains("chmod 700 " + runtime);
			assertThat(server.bootAttempts()).isZero();
		}
	}

	@Test
	void aSecondMasterGivenTheSameRuntimeFolderRefusesNamingTheFirst(@org.junit.jupiter.api.io.TempDir Path folder)
			throws Exception {
		Path runtime = folder.resolve("run");
		try (PreforkServer first = PreforkServer.start("runtime-dir-first", "--server.port=0", "--prefork.workers=1",
				"--prefork.runtime-dir=" + runtime)) {
			first.awaitReady(1);
			try (PreforkServer second = PreforkServer.start("runtime-dir-second", "--server.port=0",
					"--prefork.workers=1", "--prefork.runtime-dir=" + runtime)) {
				assertThat(second.awaitExit(EXIT)).isNotZero();
				assertThat(second.output()).contains("APPLICATION FAILED TO START")
					.contains("The prefork runtime folder " + runtime + " is in use by master " + first.masterPid())
					.contains("kill -TERM " + first.masterPid());
				assertThat(second.bootAttempts()).isZero();
			}
			assertThat(ControlCli.against(runtime, "--prefork.ctl=status").output())
				.contains("Master " + first.masterPid() + " on ").contains("1 of 1 workers");
		}
	}

	@Test
	void disabledPreforkRunsOnePlainJvm() throws Exception {
		try (PreforkServer server = PreforkServer.start("disabled", "--server.port=0", "--prefork.enabled=false")) {
			var started = server.awaitLine("Tomcat started on port (\\d+)", PreforkServer.BOOT);
			int port = Integer.parseInt(started.group(1));
			assertThat(Http.get(port, "/pid").body()).isEqualTo(Long.toString(server.masterPid()));
			assertThat(server.bootAttempts()).isZero();
		}
	}

}
