package dev.prefork.autoconfigure.event;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * A worker is about to be spawned (Gunicorn's pre_fork).
 */
public class WorkerSpawningEvent extends PreforkMasterEvent {

	private final int slot;

	private final int generation;

	public WorkerSpawningEvent(SpringApplication application, ConfigurableEnvironment environment, int slot, int generation) {
		super(application, environment);
		this.slot = slot;
		this.generation = generation;
	}

	/** The worker's id, 1 to the number of workers. */
	public int getSlot() {
		return this.slot;
	}

	/** The worker's generation: 1, then one more with each reload. */
	public int getGeneration() {
		return this.generation;
	}

}
