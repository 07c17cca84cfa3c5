package dev.prefork.autoconfigure.event;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * A worker process ended (Gunicorn's child_exit), whatever the reason.
 */
public class WorkerExitedEvent extends PreforkMasterEvent {

	private final int slot;

	private final long pid;

	private final int generation;

	private final int exitCode;

	private final int signal;

	private final double ageSeconds;

	private final boolean bootFailure;

	public WorkerExitedEvent(SpringApplication application, ConfigurableEnvironment environment, int slot, long pid, int generation, int exitCode, int signal, double ageSeconds, boolean bootFailure) {
		super(application, environment);
		this.slot = slot;
		this.pid = pid;
		this.generation = generation;
		this.exitCode = exitCode;
		this.signal = signal;
		this.ageSeconds = ageSeconds;
		this.bootFailure = bootFailure;
	}

	/** The worker's id. */
	public int getSlot() {
		return this.slot;
	}

	/** The worker's pid. */
	public long getPid() {
		return this.pid;
	}

	/** The worker's generation. */
	public int getGeneration() {
		return this.generation;
	}

	/** Its exit code, or -1 when a signal ended it. */
	public int getExitCode() {
		return this.exitCode;
	}

	/** The signal that ended it, or 0. */
	public int getSignal() {
		return this.signal;
	}

	/** How long it lived. */
	public double getAgeSeconds() {
		return this.ageSeconds;
	}

	/** Whether it died before it was ready. */
	public boolean isBootFailure() {
		return this.bootFailure;
	}

}
