package dev.prefork.core.master;

import java.time.Duration;

import dev.prefork.core.arbiter.ArbiterSettings;
import dev.prefork.core.channel.Fields;

/**
 * The {@code prefork.*} settings a worker's configuration binds to, as the worker reports them right
 * after it says hello. A reload adopts the first report of its new generation: the workers read the
 * files and jar now on disk, which the master cannot (its class loader holds the jar it started with).
 *
 * @param arbiter the arbiter's settings; the quick-stop timeout is the master's, not configurable
 * @param listen the listening address the configuration names, as {@code host:port} or {@code unix:/path}
 */
public record BoundSettings(ArbiterSettings arbiter, String listen) {

	/** The payload of a {@code SETTINGS} message: the settings as {@link Fields}, durations in milliseconds. */
	public String encode() {
		return Fields.of()
			.with("workers", this.arbiter.workers())
			.with("timeout", this.arbiter.timeout().toMillis())
			.with("graceful-timeout", this.arbiter.gracefulTimeout().toMillis())
			.with("boot-timeout", this.arbiter.bootTimeout().toMillis())
			.with("max-requests", this.arbiter.maxRequests())
			.with("max-requests-jitter", this.arbiter.maxRequestsJitter())
			.with("min-uptime", this.arbiter.minUptime().toMillis())
			.with("restart-budget", this.arbiter.restartBudget())
			.with("max-worker-memory", this.arbiter.maxWorkerMemory())
			.with("slow-start", this.arbiter.slowStart().toMillis())
			.with("listen", this.listen)
			.encode();
	}

	/**
	 * Reads a {@code SETTINGS} payload.
	 * @param payload what {@link #encode} wrote
	 * @param quickTimeout the master's quick-stop timeout
	 * @return the settings
	 * @throws IllegalArgumentException if the payload lacks a value or a value is not a number
	 */
	public static BoundSettings decode(String payload, Duration quickTimeout) {
		try {
			Fields values = Fields.decode(payload);
			ArbiterSettings arbiter = new ArbiterSettings(Math.toIntExact(values.number("workers")),
					millis(values, "timeout"), millis(values, "graceful-timeout"), millis(values, "boot-timeout"),
					quickTimeout, values.number("max-requests"), values.number("max-requests-jitter"),
					millis(values, "min-uptime"), Math.toIntExact(values.number("restart-budget")),
					values.number("max-worker-memory"), millis(values, "slow-start"));
			return new BoundSettings(arbiter, values.text("listen"));
		}
		catch (IllegalArgumentException | ArithmeticException ex) {
			throw new IllegalArgumentException("Not a settings report (" + ex.getMessage() + "): " + payload, ex);
		}
	}

	private static Duration millis(Fields values, String name) {
		return Duration.ofMillis(values.number(name));
	}

}
