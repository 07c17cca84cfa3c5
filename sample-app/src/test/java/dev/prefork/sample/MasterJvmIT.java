package dev.prefork.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The master re-executes itself as a small JVM with the pid it was started with, and its workers
 * run with the options as launched.
 */
class MasterJvmIT {

	private static final Pattern LISTENING_PID = Pattern.compile("\\(master pid (\\d+)\\)");

	private static final String MARKER = "-Ddev.prefork.master-options=";

	@Test
	void theMasterRunsAsASmallJvmWithThePidItWasStartedWith() throws Exception {
		try (PreforkServer server = PreforkServer.start("master-jvm-small", "--server.port=0")) {
			int port = server.port();
			List<Long> workers = server.awaitReady(2).readyWorkerPids();
			assertThat(listeningPid(server)).isEqualTo(server.masterPid());
			List<String> master = commandLine(server.masterPid());
			int marker = master.indexOf(MARKER + "7");
			assertThat(master.subList(marker + 1, marker + 9)).containsExactly("-XX:TieredStopAtLevel=1",
					"-XX:CompileThresholdScaling=10", "-Xms4m", "-Xmx128m", "-Djnr.ffi.asm.enabled=false",
					"-XX:+UseSerialGC", "-Xmn1m", "-jar");
			assertThat(server.output()).contains("Re-executing the master as a small JVM, same pid "
					+ "(-XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=10 -Xms4m -Xmx128m "
					+ "-Djnr.ffi.asm.enabled=false -XX:+UseSerialGC -Xmn1m)");
			for (long worker : workers) {
				List<String> argv = commandLine(worker);
				assertThat(argv).noneMatch((arg) -> arg.startsWith(MARKER))
					.doesNotContain("-XX:CompileThresholdScaling=10", "-Xms4m", "-Xmx128m", "-XX:+UseSerialGC", "-Xmn1m",
							"-Djnr.ffi.asm.enabled=false")
					.containsSubsequence("-XX:TieredStopAtLevel=1", "-jar");
			}
			assertThat(Http.get(port, "/")).isEqualTo(new Http.Response(200, "hello"));
		}
	}

	@Test
	void aCollectorChosenAtLaunchStaysTheMastersAndTheWorkers() throws Exception {
		try (PreforkServer server = PreforkServer.start("master-jvm-collector",
				Map.of("JDK_JAVA_OPTIONS", "-XX:+UseParallelGC"), "--server.port=0", "--prefork.workers=1")) {
			int port = server.port();
			long worker = server.awaitReady(1).readyWorkerPids().get(0);
			List<String> master = commandLine(server.masterPid());
			assertThat(master).contains(MARKER + "5").doesNotContain("-XX:+UseSerialGC", "-Xmn1m");
			assertThat(collector(server.masterPid())).isEqualTo("UseParallelGC");
			assertThat(collector(worker)).isEqualTo("UseParallelGC");
			assertThat(Http.get(port, "/")).isEqualTo(new Http.Response(200, "hello"));
		}
	}

	@Test
	void asStartedKeepsTheJvmTheApplicationWasStartedWith() throws Exception {
		try (PreforkServer server = PreforkServer.start("master-jvm-as-started", "--server.port=0",
				"--prefork.workers=1", "--prefork.master-jvm=as-started")) {
			int port = server.port();
			server.awaitReady(1);
			assertThat(commandLine(server.masterPid())).noneMatch((arg) -> arg.startsWith(MARKER));
			assertThat(server.output()).doesNotContain("Re-executing the master");
			assertThat(Http.get(port, "/")).isEqualTo(new Http.Response(200, "hello"));
		}
	}

	private static long listeningPid(PreforkServer server) {
		Matcher matcher = LISTENING_PID.matcher(server.output());
		assertThat(matcher.find()).as("the Listening at line").isTrue();
		return Long.parseLong(matcher.group(1));
	}

	private static List<String> commandLine(long pid) throws IOException {
		String all = Files.readString(Path.of("/proc/" + pid + "/cmdline"), StandardCharsets.UTF_8);
		return List.of(all.split("\0"));
	}

	/** The collector a JVM runs, from jcmd's view of its flags. */
	private static String collector(long pid) throws Exception {
		Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
		Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "VM.flags").redirectErrorStream(true)
			.start();
		try {
			String flags = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("jcmd to end").isTrue();
			assertThat(process.exitValue()).as(flags).isZero();
			Matcher matcher = Pattern.compile("-XX:\\+(Use\\w+GC)").matcher(flags);
			assertThat(matcher.find()).as(flags).isTrue();
			return matcher.group(1);
		}
		finally {
			process.destroyForcibly();
		}
	}


}
