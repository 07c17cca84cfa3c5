package dev.prefork.autoconfigure.event;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * A reload (HUP) starts (Gunicorn's on_reload).
 */
public class ArbiterReloadingEvent extends PreforkMasterEvent {

	public ArbiterReloadingEvent(SpringApplication application, ConfigurableEnvironment environment) {
		super(application, environment);
	}

}
