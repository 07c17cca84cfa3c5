package dev.prefork.core.spawn;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.prefork.core.arbiter.ArbiterSettings;

/**
 * Reads the configuration afresh for a reload, in a short-lived JVM started with the master's own
 * command line: the code and files now on disk decide, not what the master loaded when it started
 * (a replaced jar cannot even be read through the master's class loader). The probe binds and
 * validates {@code prefork.*}, prints one result line and exits; a bad value makes it fail with
 * Spring Boot's failure analysis, which the master logs.
 */
public final class ConfigProbe {

	/** Set in the probe's environment. */
	public static final String ENV = "PREFORKD_PROBE";

	/** Starts the probe's one line of result on standard output. */
	public static final String RESULT = "PREFORK_PROBE_RESULT";

	private final Supplier<WorkerCommand> command;

	/**
	 * @param command the command of the moment: the workers', so that the probe maps their class
	 * archive and boots quicker on cores the serving workers keep busy
	 */
	public ConfigProbe(Supplier<WorkerCommand> command) {
		this.command = command;
	}

	/** The command with the JIT limited to C1: the probe lives for a second, C2 would only cost it. */
	static List<String> argv(WorkerCommand command) {
		List<String> argv = new ArrayList<>(command.argv());
		if (argv.stream().noneMatch((arg) -> arg.startsWith("-XX:TieredStopAtLevel"))) {
			argv.add(1, "-XX:TieredStopAtLevel=1");
		}
		return argv;
	}

	/**
	 * Formats the probe's result line.
	 * @param settings the effective settings
	 * @param listen the effective listening address, as {@code host:port}
	 * @return the line
	 */
	public static String format(ArbiterSettings settings, String listen) {
		Map<String, String> values = new LinkedHashMap<>();
		values.put("workers", Integer.toString(settings.workers()));
		values.put("timeout", Long.toString(settings.timeout().toMillis()));
		values.put("graceful-timeout", Long.toString(settings.gracefulTimeout().toMillis()));
		values.put("boot-timeout", Long.toString(settings.bootTimeout().toMillis()));
		values.put("max-requests", Long.toString(settings.maxRequests()));
		values.put("max-requests-jitter", Long.toString(settings.maxRequestsJitter()));
		values.put("min-uptime", Long.toString(settings.minUptime().toMillis()));
		values.put("restart-budget", Integer.toString(settings.restartBudget()));
		values.put("listen", listen);
		StringBuilder line = new StringBuilder(RESULT);
		values.forEach((name, value) -> line.append(' ').append(name).append('=').append(value));
		return line.toString();
	}

	/**
	 * Runs the probe to its end. Blocks: call it off the master's loop.
	 * @param timeout how long the probe may take
	 * @return what it found
	 */
	public Result run(Duration timeout) {
		ProcessBuilder builder = new ProcessBuilder(argv(this.command.get())).redirectErrorStream(true)
			.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
		builder.environment().put(ENV, "1");
		try {
			Process process = builder.start();
			ByteArrayOutputStream output = new ByteArrayOutputStream();
			Thread reader = new Thread(() -> copy(process.getInputStream(), output), "prefork-config-probe-output");
			reader.setDaemon(true);
			reader.start();
			if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly();
				return Result.failure("the configuration probe did not finish within " + timeout.toSeconds() + " s");
			}
			reader.join(5_000);
			String text = output.toString(Charset.defaultCharset());
			Map<String, String> values = parse(text);
			if (process.exitValue() != 0 || values == null) {
				return Result.failure(text.strip());
			}
			return new Result(values, null);
		}
		catch (IOException ex) {
			return Result.failure("could not start the configuration probe: " + ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Result.failure("interrupted");
		}
	}

	static Map<String, String> parse(String output) {
		for (String line : output.lines().toList()) {
			if (line.startsWith(RESULT + " ")) {
				Map<String, String> values = new LinkedHashMap<>();
				for (String pair : line.substring(RESULT.length() + 1).split(" ")) {
					int equals = pair.indexOf('=');
					if (equals > 0) {
						values.put(pair.substring(0, equals), pair.substring(equals + 1));
					}
				}
				return values;
			}
		}
		return null;
	}

	private static void copy(InputStream in, ByteArrayOutputStream out) {
		try (in) {
			in.transferTo(out);
		}
		catch (IOException ex) {
			// the probe is gone
		}
	}

	/**
	 * What the probe found: the values, or why there are none.
	 *
	 * @param values the effective values by name, null on failure
	 * @param failure the probe's output or the reason it failed, null on success
	 */
	public record Result(Map<String, String> values, String failure) {

		static Result failure(String why) {
			return new Result(null, why);
		}

		public boolean ok() {
			return this.values != null;
		}

		/**
		 * The arbiter's settings the probe found.
		 * @param quickTimeout the quick-stop timeout, which is not configurable
		 * @return the settings
		 */
		public ArbiterSettings settings(Duration quickTimeout) {
			return new ArbiterSettings(Integer.parseInt(this.values.get("workers")), millis("timeout"),
					millis("graceful-timeout"), millis("boot-timeout"), quickTimeout,
					Long.parseLong(this.values.get("max-requests")), Long.parseLong(this.values.get("max-requests-jitter")),
					millis("min-uptime"), Integer.parseInt(this.values.get("restart-budget")));
		}

		/** The listening address the probe found, as {@code host:port}. */
		public String listen() {
			return this.values.get("listen");
		}

		private Duration millis(String name) {
			return Duration.ofMillis(Long.parseLong(this.values.get(name)));
		}

	}

}
