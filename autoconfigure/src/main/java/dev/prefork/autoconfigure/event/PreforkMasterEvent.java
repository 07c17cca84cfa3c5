package dev.prefork.autoconfigure.event;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ApplicationEvent;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * An event of the master's life. The master has no application context: its events reach the
 * listeners registered with the SpringApplication ({@code META-INF/spring.factories} entries for
 * {@code ApplicationListener}, {@code SpringApplication.addListeners}), on the master's one thread.
 * A listener may {@link #halt} the server; one that throws is logged and changes nothing.
 */
public abstract class PreforkMasterEvent extends ApplicationEvent {

	private final transient ConfigurableEnvironment environment;

	private transient Halt halt;

	protected PreforkMasterEvent(SpringApplication application, ConfigurableEnvironment environment) {
		super(application);
		this.environment = environment;
	}

	/** The master's Environment: the launch's whole configuration. */
	public ConfigurableEnvironment getEnvironment() {
		return this.environment;
	}

	public long getMasterPid() {
		return ProcessHandle.current().pid();
	}

	/**
	 * Stops the server: workers stop gracefully, then the master exits with the code.
	 * @param exitCode the master's exit code, 0 to 255
	 * @param reason why, for the master's last log line
	 */
	public void halt(int exitCode, String reason) {
		if (exitCode < 0 || exitCode > 255) {
			throw new IllegalArgumentException("An exit code is 0 to 255, not " + exitCode);
		}
		this.halt = new Halt(exitCode, reason);
	}

	Halt haltRequest() {
		return this.halt;
	}

	record Halt(int exitCode, String reason) {
	}

}
