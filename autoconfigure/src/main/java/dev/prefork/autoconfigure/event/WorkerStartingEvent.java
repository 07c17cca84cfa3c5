package dev.prefork.autoconfigure.event;

import org.springframework.core.env.ConfigurableEnvironment;

/**
 * The worker JVM started and reached its SpringApplication, before the context exists (Gunicorn's
 * post_fork). Reaches the SpringApplication's listeners.
 */
public class WorkerStartingEvent extends PreforkWorkerEvent {

	private final transient ConfigurableEnvironment environment;

	public WorkerStartingEvent(Object source, int slot, ConfigurableEnvironment environment) {
		super(source, slot);
		this.environment = environment;
	}

	/** The worker's Environment, prepared. */
	public ConfigurableEnvironment getEnvironment() {
		return this.environment;
	}

}
