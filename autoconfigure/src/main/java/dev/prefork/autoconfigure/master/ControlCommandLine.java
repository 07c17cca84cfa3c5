package dev.prefork.autoconfigure.master;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.prefork.autoconfigure.PreforkProperties;
import dev.prefork.core.control.ControlClient;
import dev.prefork.core.control.ControlCommand;
import dev.prefork.core.control.ServerStatus;
import dev.prefork.core.meter.MeterSample;

import org.springframework.boot.json.JsonParserFactory;
import org.springframework.core.env.Environment;

/**
 * The command-line client of a master's control socket, as Gunicorn's {@code gunicornc} and Puma's
 * {@code pumactl}: {@code java -jar app.jar --prefork.ctl=status} prints a table,
 * {@code --prefork.ctl-json} the master's JSON answer. Any other command is one a signal could
 * give: {@code reload}, {@code ttin}, {@code ttou}, {@code scale 4}, {@code reopen-logs},
 * {@code upgrade}, {@code winch}, {@code stop}, {@code quit}.
 */
public final class ControlCommandLine {

	private final Environment environment;

	private final PreforkProperties properties;

	private final PrintStream out;

	private final PrintStream err;

	public ControlCommandLine(Environment environment, PreforkProperties properties, PrintStream out,
			PrintStream err) {
		this.environment = environment;
		this.properties = properties;
		this.out = out;
		this.err = err;
	}

	/**
	 * Sends the command and prints the answer.
	 * @return the exit code: 0 when the master accepted the command
	 */
	public int run() {
		String command = this.properties.getCtl().strip();
		try {
			ControlCommand.parse(command);
		}
		catch (IllegalArgumentException ex) {
			this.err.println("prefork.ctl: " + ex.getMessage());
			return 2;
		}
		Path socket;
		try {
			socket = socket();
		}
		catch (IllegalStateException ex) {
			this.err.println(ex.getMessage());
			return 1;
		}
		String answer;
		try {
			answer = new ControlClient(socket).send(command);
		}
		catch (ControlClient.NotAnsweringException ex) {
			this.err.println(ex.getMessage() + ". A command it has not read yet waits in its socket, and it carries "
					+ "it out when it runs again. Is it stopped (kill -CONT resumes it)?");
			return 1;
		}
		catch (IOException ex) {
			this.err.println("Could not reach the master's control socket " + socket + ": " + ex.getMessage());
			return 1;
		}
		Map<String, Object> parsed;
		try {
			parsed = JsonParserFactory.getJsonParser().parseMap(answer);
		}
		catch (RuntimeException ex) {
			this.err.println("The socket " + socket + " did not answer as a prefork master does");
			return 1;
		}
		// the answer is data: printed with its control characters shown, never sent to the terminal
		ByteArrayOutputStream text = new ByteArrayOutputStream();
		PrintStream printed = new PrintStream(text, true, StandardCharsets.UTF_8);
		try {
			if (this.properties.isCtlJson()) {
				printed.println(answer);
			}
			else if (Boolean.TRUE.equals(parsed.get("ok")) && parsed.containsKey("meters")) {
				printMeters(parsed, printed);
			}
			else if (Boolean.TRUE.equals(parsed.get("ok"))) {
				printTable(ServerStatus.from(parsed), printed);
			}
		}
		catch (RuntimeException ex) {
			this.err.println("The socket " + socket + " did not answer as a prefork master does");
			return 1;
		}
		this.out.print(printable(text.toString(StandardCharsets.UTF_8)));
		if (!Boolean.TRUE.equals(parsed.get("ok"))) {
			this.err.println(printable("The master refused '" + command + "': " + parsed.get("error")));
			return 1;
		}
		return 0;
	}

	/** Text with every control character but the line ends shown as an escape, so it cannot drive a terminal. */
	static String printable(String text) {
		StringBuilder out = new StringBuilder(text.length());
		text.codePoints().forEach((c) -> {
			if (c == '\n' || (c >= 0x20 && c != 0x7f && !(c >= 0x80 && c <= 0x9f))) {
				out.appendCodePoint(c);
			}
			else {
				out.append(String.format(Locale.ROOT, "\\u%04x", c));
			}
		});
		return out.toString();
	}

	private Path socket() {
		if (this.properties.getRuntimeDir() != null) {
			return this.properties.getRuntimeDir().toAbsolutePath().resolve(ControlClient.SOCKET_NAME);
		}
		if (this.properties.getCtlMaster() != null) {
			return RuntimeDirectories.findForPid(this.environment, this.properties.getCtlMaster())
				.resolve(ControlClient.SOCKET_NAME);
		}
		if (this.properties.getPidfile() != null && Files.isReadable(this.properties.getPidfile())) {
			try {
				long pid = Long.parseLong(Files.readString(this.properties.getPidfile()).strip());
				return RuntimeDirectories.findForPid(this.environment, pid).resolve(ControlClient.SOCKET_NAME);
			}
			catch (IOException | NumberFormatException ex) {
				// fall back to looking for running masters
			}
		}
		Map<Long, Path> masters = runningMasters();
		if (masters.size() == 1) {
			return masters.values().iterator().next().resolve(ControlClient.SOCKET_NAME);
		}
		Path base = RuntimeDirectories.base(this.environment);
		if (masters.isEmpty()) {
			throw new IllegalStateException("No running prefork master of this user has a control socket under " + base
					+ "; if it runs with prefork.runtime-dir, give the same --prefork.runtime-dir here");
		}
		throw new IllegalStateException("Several prefork masters are running " + masters.keySet()
				+ "; choose one with --prefork.ctl-master=PID");
	}

	/** The live masters with a default runtime folder, by pid. */
	private Map<Long, Path> runningMasters() {
		Map<Long, Path> masters = RuntimeDirectories.withControlSocket(this.environment);
		masters.entrySet()
			.removeIf((master) -> !ProcessHandle.of(master.getKey()).map(ProcessHandle::isAlive).orElse(false)
					|| !listening(master.getValue().resolve(ControlClient.SOCKET_NAME)));
		return masters;
	}

	/**
	 * Whether a master listens on a control socket: the folder of a master that was killed stays, and
	 * its pid may have gone to another process since.
	 */
	private static boolean listening(Path socket) {
		try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
			channel.connect(UnixDomainSocketAddress.of(socket));
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private void printTable(ServerStatus status, PrintStream out) {
		ServerStatus.Master master = status.master();
		out.printf(Locale.ROOT, "Master %s on %s: generation %s, %s of %s workers, up %s%s%n", master.pid(),
				master.listen(), master.generation(), master.liveWorkers(), master.targetWorkers(),
				duration(master.uptimeSeconds()), flags(master));
		if (master.acceptQueue() != null) {
			out.println("Accept queue: " + master.acceptQueue() + " waiting of " + master.backlog());
		}
		if (master.classCache() != null) {
			out.println("Class cache: " + master.classCache());
		}
		out.printf(Locale.ROOT, "%-4s %-8s %-4s %-9s %-9s %-8s %-10s %-8s %s%n", "ID", "PID", "GEN", "STATE", "AGE",
				"BOOT", "REQUESTS", "RSS", "HEARTBEAT");
		for (ServerStatus.Worker worker : status.workers()) {
			out.printf(Locale.ROOT, "%-4s %-8s %-4s %-9s %-9s %-8s %-10s %-8s %s%n", worker.id(), worker.pid(),
					worker.generation(), worker.shownState(), duration(worker.ageSeconds()),
					(worker.bootSeconds() != null) ? String.format(Locale.ROOT, "%.2fs", worker.bootSeconds()) : "-",
					worker.requests(), (worker.memoryBytes() != null) ? (worker.memoryBytes() >> 20) + "MB" : "-",
					(worker.lastHeartbeatSecondsAgo() != null)
							? String.format(Locale.ROOT, "%.1fs ago", worker.lastHeartbeatSecondsAgo()) : "-");
		}
	}

	@SuppressWarnings("unchecked")
	private void printMeters(Map<String, Object> answer, PrintStream out) {
		out.printf(Locale.ROOT, "%-10s %-12s %-10s %s%n", "COUNT", "TOTAL", "MAX", "METER");
		for (Object each : (List<Object>) answer.get("meters")) {
			MeterSample meter = MeterSample.fromMap((Map<String, Object>) each);
			out.printf(Locale.ROOT, "%-10.0f %-12s %-10s %s %s%n", meter.count(),
					String.format(Locale.ROOT, "%.3fs", meter.totalSeconds()),
					String.format(Locale.ROOT, "%.3fs", meter.maxSeconds()), meter.name(), meter.tags());
		}
	}

	private static String flags(ServerStatus.Master master) {
		StringBuilder flags = new StringBuilder();
		if (master.reloading()) {
			flags.append(" [reloading]");
		}
		if (master.idle()) {
			flags.append(" [idle]");
		}
		if (master.stopping()) {
			flags.append(" [stopping]");
		}
		return flags.toString();
	}

	private static String duration(double seconds) {
		long total = Math.round(seconds);
		if (total < 60) {
			return total + "s";
		}
		if (total < 3600) {
			return (total / 60) + "m" + (total % 60) + "s";
		}
		return (total / 3600) + "h" + ((total % 3600) / 60) + "m";
	}

}
