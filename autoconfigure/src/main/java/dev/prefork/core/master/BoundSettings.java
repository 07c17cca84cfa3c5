package dev.prefork.core.master;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.prefork.core.arbiter.ArbiterSettings;

/**
 * The {@code prefork.*} settings a worker's configuration binds to, as the worker reports them right
 * after it says hello. A reload adopts the first report of its new generation: the workers read the
 * files and jar now on disk, which the master cannot (its class loader holds the jar it started with).
 *
 * @param arbiter the arbiter's settings; the quick-stop timeout is the master's, not configurable
 * @param listen the listening address the configuration names, as {@code host:port} or {@code unix:/path}
 */
public record BoundSettings(ArbiterSettings arbiter, String listen) {

	/** The payload of a {@code SETTINGS} message: {@code name=value} pairs separated by spaces. */
	public String encode() {
		Map<String, String> values = new LinkedHashMap<>();
		values.put("workers", Integer.toString(this.arbiter.workers()));
		values.put("timeout", Long.toString(this.arbiter.timeout().toMillis()));
		values.put("graceful-timeout", Long.toString(this.arbiter.gracefulTimeout().toMillis()));
		values.put("boot-timeout", Long.toString(this.arbiter.bootTimeout().toMillis()));
		values.put("max-requests", Long.toString(this.arbiter.maxRequests()));
		values.put("max-requests-jitter", Long.toString(this.arbiter.maxRequestsJitter()));
		values.put("min-uptime", Long.toString(this.arbiter.minUptime().toMillis()));
		values.put("restart-budget", Integer.toString(this.arbiter.restartBudget()));
		values.put("max-worker-memory", Long.toString(this.arbiter.maxWorkerMemory()));
		values.put("slow-start", Long.toString(this.arbiter.slowStart().toMillis()));
		values.put("listen", this.listen);
		StringBuilder line = new StringBuilder();
		values.forEach((name, value) -> line.append((line.length() > 0) ? " " : "").append(name).append('=').append(value));
		return line.toString();
	}

	/**
	 * Reads a {@code SETTINGS} payload.
	 * @param payload what {@link #encode} wrote
	 * @param quickTimeout the master's quick-stop timeout
	 * @return the settings
	 * @throws IllegalArgumentException if the payload lacks a value or a value is not a number
	 */
	public static BoundSettings decode(String payload, Duration quickTimeout) {
		Map<String, String> values = new LinkedHashMap<>();
		for (String pair : payload.strip().split(" ")) {
			int equals = pair.indexOf('=');
			if (equals > 0) {
				values.put(pair.substring(0, equals), pair.substring(equals + 1));
			}
		}
		try {
			ArbiterSettings arbiter = new ArbiterSettings(Integer.parseInt(required(values, "workers")),
					millis(values, "timeout"), millis(values, "graceful-timeout"), millis(values, "boot-timeout"),
					quickTimeout, Long.parseLong(required(values, "max-requests")),
					Long.parseLong(required(values, "max-requests-jitter")), millis(values, "min-uptime"),
					Integer.parseInt(required(values, "restart-budget")),
					Long.parseLong(required(values, "max-worker-memory")), millis(values, "slow-start"));
			return new BoundSettings(arbiter, required(values, "listen"));
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("Not a settings report: " + payload, ex);
		}
	}

	private static Duration millis(Map<String, String> values, String name) {
		return Duration.ofMillis(Long.parseLong(required(values, name)));
	}

	private static String required(Map<String, String> values, String name) {
		String value = values.get(name);
		if (value == null) {
			throw new IllegalArgumentException("Not a settings report, no " + name + ": " + values);
		}
		return value;
	}

}
