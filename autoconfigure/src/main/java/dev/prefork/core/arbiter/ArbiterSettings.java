package dev.prefork.core.arbiter;

import java.time.Duration;

/**
 * What the arbiter needs to know of the configuration, already validated.
 *
 * @param workers how many workers to keep running
 * @param timeout how long a ready worker may stay silent on its channel before it is killed
 * @param gracefulTimeout how long a stopping worker may finish in-flight requests before it is killed
 * @param bootTimeout how long a worker may take from spawn to ready before it is killed
 * @param quickTimeout how long a worker told to quit now may take before it is killed
 */
public record ArbiterSettings(int workers, Duration timeout, Duration gracefulTimeout, Duration bootTimeout,
		Duration quickTimeout) {

	/**
	 * How often a worker sends a heartbeat: four times per timeout, between 50 ms and 2 s, so that
	 * one late beat never looks like a hang.
	 */
	public Duration heartbeatInterval() {
		long millis = Math.max(50, Math.min(2000, this.timeout.toMillis() / 4));
		return Duration.ofMillis(millis);
	}

	public ArbiterSettings {
		if (workers < 1) {
			throw new IllegalArgumentException("workers must be at least 1, was " + workers);
		}
	}

}
