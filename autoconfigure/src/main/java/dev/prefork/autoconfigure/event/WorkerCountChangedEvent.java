package dev.prefork.autoconfigure.event;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * The number of workers to keep changed: TTIN, TTOU, scale or a reload (Gunicorn's nworkers_changed).
 */
public class WorkerCountChangedEvent extends PreforkMasterEvent {

	private final int oldCount;

	private final int newCount;

	public WorkerCountChangedEvent(SpringApplication application, ConfigurableEnvironment environment, int oldCount, int newCount) {
		super(application, environment);
		this.oldCount = oldCount;
		this.newCount = newCount;
	}

	/** The number before. */
	public int getOldCount() {
		return this.oldCount;
	}

	/** The number now. */
	public int getNewCount() {
		return this.newCount;
	}

}
