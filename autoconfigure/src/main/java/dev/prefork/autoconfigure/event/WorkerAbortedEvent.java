package dev.prefork.autoconfigure.event;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * A worker went silent past prefork.timeout and is being aborted: its thread dump, then SIGKILL (Gunicorn's worker_abort, seen from the master).
 */
public class WorkerAbortedEvent extends PreforkMasterEvent {

	private final int slot;

	private final long pid;

	public WorkerAbortedEvent(SpringApplication application, ConfigurableEnvironment environment, int slot, long pid) {
		super(application, environment);
		this.slot = slot;
		this.pid = pid;
	}

	/** The worker's id. */
	public int getSlot() {
		return this.slot;
	}

	/** The worker's pid. */
	public long getPid() {
		return this.pid;
	}

}
