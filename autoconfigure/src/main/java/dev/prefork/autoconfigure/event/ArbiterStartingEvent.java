package dev.prefork.autoconfigure.event;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * The master is starting and has not bound its socket yet (Gunicorn's on_starting).
 */
public class ArbiterStartingEvent extends PreforkMasterEvent {

	public ArbiterStartingEvent(SpringApplication application, ConfigurableEnvironment environment) {
		super(application, environment);
	}

}
