package dev.prefork.core.arbiter;

import java.time.Duration;

/**
 * What the arbiter needs to know of the configuration, already validated.
 *
 * @param workers how many workers to keep running
 * @param gracefulTimeout how long a stopping worker may finish in-flight requests before it is killed
 * @param bootTimeout how long a worker may take from spawn to ready before it is killed
 * @param quickTimeout how long a worker told to quit now may take before it is killed
 */
public record ArbiterSettings(int workers, Duration gracefulTimeout, Duration bootTimeout, Duration quickTimeout) {

	public ArbiterSettings {
		if (workers < 1) {
			throw new IllegalArgumentException("workers must be at least 1, was " + workers);
		}
	}

}
