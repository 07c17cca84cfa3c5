package dev.prefork.core.arbiter;

import java.time.Duration;

/**
 * What the arbiter needs to know of the configuration, already validated: the settings a reload can
 * change.
 *
 * @param workers how many workers to keep running
 * @param timeout how long a ready worker may stay silent on its channel, and one request may run,
 * before the worker is replaced
 * @param gracefulTimeout how long a stopping worker may finish in-flight requests before it is killed
 * @param bootTimeout how long a worker may take from spawn to ready before it is killed
 * @param quickTimeout how long a worker told to quit now may take before it is killed
 * @param maxRequests how many requests a worker serves before it is replaced, 0 for no limit
 * @param maxRequestsJitter up to how many requests are added at random to each worker's limit
 * @param minUptime how long a worker must serve for its death to count as a crash, not a crash loop
 * @param restartBudget how many times in a row a slot may crash within {@code minUptime} before the
 * master gives up, 0 for never
 * @param maxWorkerMemory the resident memory in bytes past which a worker is replaced, 0 for no limit
 * @param slowStart the longest slow start of a worker booted beside warm ones; zero for none, and then
 * workers also boot together instead of one at a time
 */
public record ArbiterSettings(int workers, Duration timeout, Duration gracefulTimeout, Duration bootTimeout,
		Duration quickTimeout, long maxRequests, long maxRequestsJitter, Duration minUptime, int restartBudget,
		long maxWorkerMemory, Duration slowStart) {

	private static final Duration DEFAULT_MIN_UPTIME = Duration.ofSeconds(10);

	public ArbiterSettings {
		if (workers < 1) {
			throw new IllegalArgumentException("workers must be at least 1, was " + workers);
		}
	}

	/**
	 * Settings with no request or memory limit, no restart budget, no slow start and the default
	 * minimum uptime.
	 */
	public ArbiterSettings(int workers, Duration timeout, Duration gracefulTimeout, Duration bootTimeout,
			Duration quickTimeout) {
		this(workers, timeout, gracefulTimeout, bootTimeout, quickTimeout, 0, 0, DEFAULT_MIN_UPTIME, 0, 0, Duration.ZERO);
	}

	/**
	 * How often a worker sends a heartbeat: four times per timeout, between 50 ms and 2 s, so that
	 * one late beat never looks like a hang.
	 */
	public Duration heartbeatInterval() {
		long millis = Math.max(50, Math.min(2000, this.timeout.toMillis() / 4));
		return Duration.ofMillis(millis);
	}

	/**
	 * A worker's own request limit: {@code maxRequests} plus a random share of the jitter, so that
	 * workers started together do not all retire together.
	 * @param random a number in [0, 1)
	 * @return the limit, 0 for none
	 */
	public long requestLimit(double random) {
		if (this.maxRequests <= 0) {
			return 0;
		}
		return this.maxRequests + (long) Math.floor(random * (this.maxRequestsJitter + 1));
	}

	/** These settings with another quick-stop timeout, which a reload keeps. */
	ArbiterSettings withQuickTimeout(Duration quick) {
		return new ArbiterSettings(this.workers, this.timeout, this.gracefulTimeout, this.bootTimeout, quick,
				this.maxRequests, this.maxRequestsJitter, this.minUptime, this.restartBudget, this.maxWorkerMemory,
				this.slowStart);
	}

	/** Whether new workers start slowly beside warm ones, and boot one at a time. */
	public boolean slowStarts() {
		return !this.slowStart.isZero();
	}

}
