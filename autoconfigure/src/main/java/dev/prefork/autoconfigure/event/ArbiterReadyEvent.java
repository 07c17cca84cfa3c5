package dev.prefork.autoconfigure.event;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * The master listens and is about to spawn its workers (Gunicorn's when_ready).
 */
public class ArbiterReadyEvent extends PreforkMasterEvent {

	private final String listen;

	public ArbiterReadyEvent(SpringApplication application, ConfigurableEnvironment environment, String listen) {
		super(application, environment);
		this.listen = listen;
	}

	/** Where the master listens: {@code 0.0.0.0:8080} or {@code unix:/path}. */
	public String getListen() {
		return this.listen;
	}

}
