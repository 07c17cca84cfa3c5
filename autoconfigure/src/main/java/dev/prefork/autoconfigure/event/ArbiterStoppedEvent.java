package dev.prefork.autoconfigure.event;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * The master is about to exit (Gunicorn's on_exit).
 */
public class ArbiterStoppedEvent extends PreforkMasterEvent {

	private final int exitCode;

	private final String reason;

	public ArbiterStoppedEvent(SpringApplication application, ConfigurableEnvironment environment, int exitCode, String reason) {
		super(application, environment);
		this.exitCode = exitCode;
		this.reason = reason;
	}

	/** The master's exit code. */
	public int getExitCode() {
		return this.exitCode;
	}

	/** Why it stops. */
	public String getReason() {
		return this.reason;
	}

}
