package dev.prefork.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.json.JsonParserFactory;
import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * docs/container/Dockerfile, replayed without Docker on the sample app's jar: its extract command,
 * its layers copied in order into the working folder, its environment, its user (when the test runs
 * as root), its entry point and its stop signal. The image it describes must serve with workers and
 * stop cleanly.
 */
class ContainerIT {

	private static final Path DOCKERFILE = Path.of("..", "docs", "container", "Dockerfile");

	private static final Pattern INSTRUCTION = Pattern.compile("(?m)^([A-Z]+) (.*)$");

	@TempDir
	Path root;

	@Test
	void theDocumentedImageServesWithWorkersAsItsUserAndStopsOnItsStopSignal() throws Exception {
		List<String[]> steps = instructions();
		Path builder = null;
		Path workdir = null;
		Map<String, String> env = new HashMap<>();
		String user = null;
		String stopSignal = null;
		List<String> entrypoint = null;
		for (String[] step : steps) {
			String argument = step[1];
			switch (step[0]) {
				case "WORKDIR" -> {
					workdir = inRoot(argument);
					Files.createDirectories(workdir);
					if (builder == null) {
						builder = workdir;
					}
				}
				case "COPY" -> {
					if (argument.startsWith("--from=builder ")) {
						String[] paths = argument.substring("--from=builder ".length()).split(" ");
						copyTree(inRoot(paths[0]), workdir.resolve(paths[1]));
					}
					else {
						assertThat(argument).isEqualTo("${JAR_FILE} application.jar");
						Files.copy(Path.of(System.getProperty("sample.jar")), workdir.resolve("application.jar"));
					}
				}
				case "RUN" -> {
					if (argument.startsWith("java ")) {
						run(workdir, argument);
					}
					else {
						// making the user and its private cache folder, done below as the image would have it
						assertThat(argument).contains("--uid 10001").contains("install -d -o 10001 -g 10001 -m 0700 /var/cache/prefork");
					}
				}
				case "ENV" -> env.put(argument.substring(0, argument.indexOf('=')), argument.substring(argument.indexOf('=') + 1));
				case "USER" -> user = argument;
				case "STOPSIGNAL" -> stopSignal = argument;
				case "ENTRYPOINT" -> entrypoint = JsonParserFactory.getJsonParser().parseList(argument).stream()
					.map(String::valueOf).toList();
				default -> {
				}
			}
		}
		assertThat(entrypoint).containsExactly("java", "-jar", "application.jar");
		assertThat(user).isEqualTo("10001:10001");
		assertThat(stopSignal).isEqualTo("SIGTERM");
		Path cacheVolume = Files.createDirectories(inRoot("/var/cache/prefork"));
		Files.setPosixFilePermissions(cacheVolume, PosixFilePermissions.fromString("rwx------"));
		env.put("PREFORK_CLASSCACHEDIR", inRoot(env.get("PREFORK_CLASSCACHEDIR")).toString());
		List<String> launcher = List.of();
		if (isRoot()) {
			chownTree(this.root, user);
			launcher = List.of("setpriv", "--reuid=10001", "--regid=10001", "--clear-groups", "--");
		}
		try (PreforkServer server = PreforkServer.startJar("container", workdir.resolve("application.jar").toString(),
				launcher, env, "--server.port=0")) {
			int port = server.port();
			List<Long> workers = server.awaitReady(2).readyWorkerPids();
			Set<Long> answered = new HashSet<>();
			await("both workers of the image to answer").atMost(Duration.ofSeconds(30)).until(() -> {
				answered.add(Long.parseLong(Http.get(port, "/pid").body().trim()));
				return answered.size() == 2;
			});
			assertThat(answered).containsExactlyInAnyOrderElementsOf(workers);
			if (isRoot()) {
				assertThat(uid(server.masterPid())).as("the master's user").isEqualTo("10001");
				assertThat(uid(workers.get(0))).as("a worker's user").isEqualTo("10001");
			}
			assertThat(Path.of(env.get("PREFORK_CLASSCACHEDIR"))).as("the class cache, on the volume").isDirectory();
			PreforkServer.signal(server.masterPid(), stopSignal.substring("SIG".length()));
			assertThat(server.awaitExit(Duration.ofSeconds(40))).isZero();
		}
	}

	/** The Dockerfile's instructions, continuation lines joined and comments left out. */
	private static List<String[]> instructions() throws IOException {
		String text = Files.readString(DOCKERFILE).replaceAll("(?m)^#.*\\n", "").replaceAll("\\\\\\n\\s*", "");
		List<String[]> steps = new ArrayList<>();
		Matcher matcher = INSTRUCTION.matcher(text);
		while (matcher.find()) {
			steps.add(new String[] { matcher.group(1), matcher.group(2).strip() });
		}
		assertThat(steps).extracting((step) -> step[0]).contains("FROM", "RUN", "COPY", "ENTRYPOINT");
		return steps;
	}

	private Path inRoot(String absolute) {
		return this.root.resolve(absolute.replaceFirst("^/+", ""));
	}

	private static void run(Path folder, String command) throws Exception {
		List<String> argv = new ArrayList<>(List.of(command.split(" ")));
		argv.set(0, Path.of(System.getProperty("java.home"), "bin", "java").toString());
		Process process = new ProcessBuilder(argv).directory(folder.toFile()).redirectErrorStream(true)
			.redirectOutput(folder.resolve("run.log").toFile())
			.start();
		try {
			assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(command).isTrue();
			assertThat(process.exitValue()).as(command + ": " + Files.readString(folder.resolve("run.log"))).isZero();
		}
		finally {
			process.destroyForcibly();
		}
	}

	private static void copyTree(Path from, Path to) throws IOException {
		assertThat(from).as("a layer the extract command wrote").isDirectory();
		Files.createDirectories(to);
		FileSystemUtils.copyRecursively(from, to);
	}

	private static void chownTree(Path folder, String user) throws Exception {
		Process chown = new ProcessBuilder("chown", "-R", user, folder.toString()).inheritIO().start();
		assertThat(chown.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(chown.exitValue()).isZero();
	}

	private static boolean isRoot() throws IOException {
		return "0".equals(uid(ProcessHandle.current().pid()));
	}

	private static String uid(long pid) throws IOException {
		try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(pid), "status"))) {
			return lines.filter((line) -> line.startsWith("Uid:")).findFirst().orElseThrow().split("\\s+")[1];
		}
	}

}
