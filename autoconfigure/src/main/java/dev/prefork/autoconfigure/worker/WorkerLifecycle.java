package dev.prefork.autoconfigure.worker;

import dev.prefork.core.worker.WorkerEnvironment;

import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEvent;

/**
 * Follows a worker's application through its start: tells the master when it is ready to serve, or
 * sends it the exception that stopped it.
 */
public final class WorkerLifecycle {

	private final WorkerAgent agent;

	private WorkerLifecycle(WorkerAgent agent) {
		this.agent = agent;
	}

	/** Connects to the master; called when the worker's Environment is prepared. */
	public static WorkerLifecycle start(WorkerEnvironment environment) {
		return new WorkerLifecycle(WorkerAgent.start(environment));
	}

	public void onApplicationEvent(ApplicationEvent event) {
		if (event instanceof ApplicationReadyEvent) {
			if (this.agent.isWebServerAttached()) {
				this.agent.ready();
			}
			else {
				IllegalStateException failure = new IllegalStateException("This worker started without a Tomcat "
						+ "servlet web server accepting on the master's socket; prefork supports Spring MVC on "
						+ "Tomcat (spring-boot-starter-web). Remove the other web server, or set prefork.enabled=false");
				this.agent.failed(failure);
				throw failure;
			}
		}
		else if (event instanceof ApplicationFailedEvent failed) {
			this.agent.failed(failed.getException());
		}
	}

}
