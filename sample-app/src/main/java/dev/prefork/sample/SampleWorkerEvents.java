package dev.prefork.sample;

import dev.prefork.autoconfigure.event.PreforkWorkerEvent;

import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Listens to a worker's own events as any bean listens to application events.
 */
@Component
class SampleWorkerEvents {

	private final Environment environment;

	SampleWorkerEvents(Environment environment) {
		this.environment = environment;
	}

	@EventListener
	void on(PreforkWorkerEvent event) {
		SampleHooks.record(this.environment,
				event.getClass().getSimpleName() + " slot=" + event.getSlot() + " pid=" + event.getPid());
	}

}
