package dev.prefork.core.worker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What the master tells a worker through its environment at spawn time: who it is, where its master
 * listens, and the limits it watches itself against. The variables are named {@code PREFORKD_*},
 * outside {@code PREFORK_*}, which Spring Boot's relaxed binding maps onto {@code prefork.*} where an
 * unknown key is an error.
 *
 * @param slot the worker's id, 1 to the target count
 * @param token the secret the worker presents when it connects, so one worker cannot pose as another
 * @param channel the master's channel socket
 * @param heartbeatInterval how often to tell the master this worker is alive
 * @param requestTimeout how long one request may run before the worker asks to be replaced
 * @param maxRequests how many requests the worker serves before it asks to be replaced, 0 for no limit
 * @param besideWarmWorkers whether warm workers already serve, so that this one's slow start limits its
 * connections while its JIT compiles ({@code prefork.slow-start}); false for a worker that has to carry
 * the load at once
 */
public record WorkerEnvironment(int slot, String token, Path channel, Duration heartbeatInterval,
		Duration requestTimeout, long maxRequests, boolean besideWarmWorkers) {

	/** Set in a worker's environment: its slot. Its presence is what makes a JVM a worker. */
	public static final String SLOT_ENV = "PREFORKD_WORKER";

	/** Set in a worker's environment: its token. */
	public static final String TOKEN_ENV = "PREFORKD_WORKER_TOKEN";

	/** Set in a worker's environment: the path of the master's channel socket. */
	public static final String CHANNEL_ENV = "PREFORKD_CHANNEL";

	/** Set in a worker's environment: the heartbeat interval in milliseconds. */
	public static final String HEARTBEAT_ENV = "PREFORKD_HEARTBEAT_MILLIS";

	/** Set in a worker's environment: the request timeout in milliseconds. */
	public static final String REQUEST_TIMEOUT_ENV = "PREFORKD_REQUEST_TIMEOUT_MILLIS";

	/** Set in a worker's environment: its request limit, jitter included; 0 for none. */
	public static final String MAX_REQUESTS_ENV = "PREFORKD_MAX_REQUESTS";

	/** Set in a worker's environment: 1 when warm workers serve beside it, 0 when it carries the load alone. */
	public static final String BESIDE_WARM_ENV = "PREFORKD_BESIDE_WARM_WORKERS";

	/** Whether an environment is a worker's. */
	public static boolean isWorker(Map<String, String> env) {
		return env.containsKey(SLOT_ENV);
	}

	/**
	 * Reads a worker's environment.
	 * @param env the environment
	 * @return what the master said
	 * @throws IllegalStateException if the master's variables are missing or malformed
	 */
	public static WorkerEnvironment from(Map<String, String> env) {
		String slot = env.get(SLOT_ENV);
		String token = env.get(TOKEN_ENV);
		String channel = env.get(CHANNEL_ENV);
		String heartbeat = env.getOrDefault(HEARTBEAT_ENV, "");
		String requestTimeout = env.getOrDefault(REQUEST_TIMEOUT_ENV, "");
		String maxRequests = env.getOrDefault(MAX_REQUESTS_ENV, "");
		String besideWarm = env.getOrDefault(BESIDE_WARM_ENV, "0");
		if (slot == null || token == null || channel == null || !slot.matches("[1-9][0-9]{0,5}")
				|| !heartbeat.matches("[1-9][0-9]{0,8}") || !requestTimeout.matches("[1-9][0-9]{0,11}")
				|| !maxRequests.matches("[0-9]{1,18}") || !besideWarm.matches("[01]")) {
			throw new IllegalStateException("This JVM has " + SLOT_ENV + "=" + slot + " but not the rest of a worker's "
					+ "environment; workers are started by the prefork master, not by hand. Unset " + SLOT_ENV
					+ " to run the application on its own");
		}
		return new WorkerEnvironment(Integer.parseInt(slot), token, Path.of(channel),
				Duration.ofMillis(Long.parseLong(heartbeat)), Duration.ofMillis(Long.parseLong(requestTimeout)),
				Long.parseLong(maxRequests), besideWarm.equals("1"));
	}

	/** The variables the master sets in this worker's environment. */
	public Map<String, String> toEnvironment() {
		return Map.of(SLOT_ENV, Integer.toString(this.slot), TOKEN_ENV, this.token, CHANNEL_ENV, this.channel.toString(),
				HEARTBEAT_ENV, Long.toString(this.heartbeatInterval.toMillis()), REQUEST_TIMEOUT_ENV,
				Long.toString(this.requestTimeout.toMillis()), MAX_REQUESTS_ENV, Long.toString(this.maxRequests),
				BESIDE_WARM_ENV, this.besideWarmWorkers ? "1" : "0");
	}

}
