package dev.prefork.sample;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * The packaged sample app started as a real prefork master, as a user starts it with
 * {@code java -jar}. Reads the port and every worker pid from the master's log, and ends every
 * process it started, by pid, when closed.
 */
final class PreforkServer implements AutoCloseable {

	static final Duration BOOT = Duration.ofSeconds(90);

	private static final Pattern LISTENING = Pattern.compile("Listening at: http://\\S+:(\\d+) \\(master pid (\\d+)\\)");

	private static final Pattern BOOTING = Pattern.compile("Booting worker (\\d+) with pid (\\d+)");

	private static final Pattern READY = Pattern.compile("Worker (\\d+) \\(pid (\\d+)\\) ready in");

	private static final Pattern TRAINING = Pattern.compile("Class cache: training the .* \\(pid (\\d+),");

	/** The class cache folder the tests share unless one says otherwise. */
	static final Path SUITE_CLASS_CACHE = Path.of("target", "it-class-cache");

	private static final Pattern NEW_MASTER = Pattern.compile("started new master with pid (\\d+)");

	private final Process process;

	private final List<String> lines = new CopyOnWriteArrayList<>();

	private final Set<Long> seenPids = java.util.Collections.synchronizedSet(new LinkedHashSet<>());

	private final PrintWriter logFile;

	private final Thread reader;

	/** Whether the pids in the output are another pid namespace's, which this host must never signal. */
	private final boolean namespacePids;

	private PreforkServer(Process process, PrintWriter logFile, boolean namespacePids) {
		this.process = process;
		this.logFile = logFile;
		this.namespacePids = namespacePids;
		this.reader = new Thread(this::read, "prefork-server-output");
		this.reader.setDaemon(true);
		this.reader.start();
	}

	/**
	 * Starts the sample app.
	 * @param name the test's name, for the log file under target/it-logs
	 * @param env extra environment variables
	 * @param args application arguments
	 * @return the running server
	 */
	static PreforkServer start(String name, Map<String, String> env, String... args) throws IOException {
		return startWith(name, List.of(), env, args);
	}

	/**
	 * Starts the sample app through a launcher that execs it, such as systemd-socket-activate.
	 * @param name the test's name, for the log file under target/it-logs
	 * @param launcher the launcher's command line, before java's
	 * @param env extra environment variables
	 * @param args application arguments
	 * @return the running server
	 */
	static PreforkServer startWith(String name, List<String> launcher, Map<String, String> env, String... args)
			throws IOException {
		return startJar(name, System.getProperty("sample.jar", "target/sample-app.jar"), launcher, env, args);
	}

	/** Starts a copy of the sample app's jar, such as one a test changes and reloads. */
	static PreforkServer startJar(String name, String jar, List<String> launcher, Map<String, String> env,
			String... args) throws IOException {
		List<String> command = new ArrayList<>(launcher);
		command.addAll(List.of(javaBin(), "-XX:TieredStopAtLevel=1", "-jar", jar));
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		builder.environment().remove("WEB_CONCURRENCY");
		// one class cache for the whole suite, trained by the first test, as a host keeps one across restarts
		builder.environment().put("PREFORK_CLASSCACHEDIR", SUITE_CLASS_CACHE.toAbsolutePath().toString());
		builder.environment().putAll(env);
		Path logs = Path.of("target", "it-logs");
		Files.createDirectories(logs);
		PrintWriter log = new PrintWriter(Files.newBufferedWriter(logs.resolve(name + ".log")), true);
		log.println("$ " + String.join(" ", command) + "   env " + env);
		return new PreforkServer(builder.start(), log, !launcher.isEmpty() && launcher.get(0).equals("unshare"));
	}

	static PreforkServer start(String name, String... args) throws IOException {
		return start(name, Map.of(), args);
	}

	private static String javaBin() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	private void read() {
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				this.lines.add(line);
				this.logFile.println(line);
				if (this.namespacePids) {
					// pids of the master's own pid namespace: close() ends the launcher's descendants instead
					continue;
				}
				Matcher booting = BOOTING.matcher(line);
				if (booting.find()) {
					this.seenPids.add(Long.parseLong(booting.group(2)));
				}
				Matcher training = TRAINING.matcher(line);
				if (training.find()) {
					this.seenPids.add(Long.parseLong(training.group(1)));
				}
				Matcher master = NEW_MASTER.matcher(line);
				if (master.find()) {
					this.seenPids.add(Long.parseLong(master.group(1)));
				}
			}
		}
		catch (IOException ex) {
			// the master is gone
		}
	}

	/** Waits for the master's first line of output, the earliest sign that prefork's code runs in it. */
	PreforkServer awaitFirstLine() {
		awaitOutput("the master's first line", BOOT, () -> !this.lines.isEmpty());
		return this;
	}

	/** Every worker, training run and new master this server's log named, alive or not. */
	List<Long> seenPids() {
		synchronized (this.seenPids) {
			return List.copyOf(this.seenPids);
		}
	}

	/** Waits until every one of {@code workers} workers is ready. */
	PreforkServer awaitReady(int workers) {
		awaitOutput("all " + workers + " workers ready", BOOT, () -> readyWorkerPids().size() >= workers);
		return this;
	}

	/** Waits for a log line matching a pattern and returns its match. */
	Matcher awaitLine(String regex, Duration atMost) {
		Pattern pattern = Pattern.compile(regex);
		awaitOutput("a log line matching " + regex, atMost, () -> find(pattern) != null);
		return find(pattern);
	}

	/**
	 * Waits until the output shows something; fails at once when the output has ended (the master and
	 * every process that shares its output have exited) without it.
	 */
	private void awaitOutput(String what, Duration atMost, BooleanSupplier shown) {
		await(what).atMost(atMost).until(() -> shown.getAsBoolean() || !this.reader.isAlive());
		if (!shown.getAsBoolean()) {
			throw new AssertionError("The output of the master (pid " + masterPid() + ") ended before " + what
					+ "; its log is under target/it-logs");
		}
	}

	private Matcher find(Pattern pattern) {
		for (String line : this.lines) {
			Matcher matcher = pattern.matcher(line);
			if (matcher.find()) {
				return matcher;
			}
		}
		return null;
	}

	int port() {
		return Integer.parseInt(awaitLine(LISTENING.pattern(), BOOT).group(1));
	}

	/**
	 * The master's pid as this host sees it, for a master started in a pid namespace of its own
	 * (where it logs itself as pid 1): the launcher's only child.
	 */
	long hostMasterPid() {
		return this.process.toHandle().children().findFirst().orElseThrow().pid();
	}

	long masterPid() {
		return this.process.pid();
	}

	/** Pids of the workers that reported ready, oldest first. */
	List<Long> readyWorkerPids() {
		List<Long> pids = new ArrayList<>();
		for (String line : this.lines) {
			Matcher matcher = READY.matcher(line);
			if (matcher.find()) {
				pids.add(Long.parseLong(matcher.group(2)));
			}
		}
		return pids;
	}

	/** How many times the master booted a worker. */
	long bootAttempts() {
		return this.lines.stream().filter((line) -> BOOTING.matcher(line).find()).count();
	}

	String output() {
		return String.join("\n", this.lines);
	}

	/** Waits for the master to exit and returns its exit code. */
	int awaitExit(Duration atMost) {
		await("the master to exit").atMost(atMost).until(() -> !this.process.isAlive());
		return this.process.exitValue();
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	static boolean isAlive(long pid) {
		return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
	}

	/**
	 * Whether a process still runs: not gone, and not a zombie waiting for whoever inherited it to
	 * reap it (a dead master's children go to init, which may reap them a second or more later).
	 */
	static boolean isRunning(long pid) {
		try {
			String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
			String state = stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
			return !state.equals("Z") && !state.equals("X");
		}
		catch (IOException ex) {
			return false;
		}
	}

	/** Sends a signal to a process, as an operator does with kill. */
	static void signal(long pid, String signal) throws IOException, InterruptedException {
		Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
		if (kill.waitFor() != 0) {
			throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
		}
	}

	private static void deleteRuntimeFolder(long pid) {
		Path folder = Path.of(System.getProperty("java.io.tmpdir"), "prefork-" + pid);
		if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
			return;
		}
		try (Stream<Path> files = Files.walk(folder)) {
			for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(file);
			}
		}
		catch (IOException | UncheckedIOException ex) {
			// gone already
		}
	}

	/** Ends the master and every worker it started, by pid, and waits until they are gone. */
	@Override
	public void close() {
		List<ProcessHandle> all = new ArrayList<>();
		all.add(this.process.toHandle());
		synchronized (this.seenPids) {
			this.seenPids.forEach((pid) -> ProcessHandle.of(pid).ifPresent(all::add));
		}
		this.process.descendants().forEach(all::add);
		all.forEach(ProcessHandle::destroyForcibly);
		await("every process of this test to end").atMost(Duration.ofSeconds(20))
			.until(() -> all.stream().noneMatch(ProcessHandle::isAlive));
		// a master this test killed left its default runtime folder (the next master would remove it)
		all.forEach((process) -> deleteRuntimeFolder(process.pid()));
		this.logFile.close();
	}

}
