package dev.prefork.autoconfigure.worker;

import dev.prefork.autoconfigure.event.WorkerReadyEvent;
import dev.prefork.autoconfigure.event.WorkerStartingEvent;
import dev.prefork.core.ProcessName;
import dev.prefork.core.master.BoundSettings;
import dev.prefork.core.signal.WorkerSignals;
import dev.prefork.core.worker.WorkerEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.diagnostics.LoggingFailureAnalysisReporter;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.context.event.ApplicationContextInitializedEvent;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.SimpleApplicationEventMulticaster;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Follows a worker's application through its start: tells the master when it is ready to serve, or
 * sends it the exception that stopped it.
 */
public final class WorkerLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(WorkerLifecycle.class);

	private final WorkerAgent agent;

	private WorkerLifecycle(WorkerAgent agent) {
		this.agent = agent;
	}

	/**
	 * Connects to the master and publishes {@link WorkerStartingEvent} to the application's
	 * listeners; called when the worker's Environment is prepared.
	 * @param environment what the master told the worker
	 * @param application the worker's SpringApplication
	 * @param springEnvironment the worker's prepared Environment
	 * @return the life cycle
	 */
	public static WorkerLifecycle start(WorkerEnvironment environment, SpringApplication application,
			ConfigurableEnvironment springEnvironment) {
		WorkerSignals.install();
		ProcessName.set(ProcessName.worker(System.getenv().getOrDefault(ProcessName.ENV, ProcessName.DEFAULT),
				environment.slot()));
		WorkerAgent agent = WorkerAgent.start(environment);
		leaveFailedStartToTheMaster(application, agent);
		WorkerLifecycle lifecycle = new WorkerLifecycle(agent);
		SimpleApplicationEventMulticaster early = new SimpleApplicationEventMulticaster();
		application.getListeners().forEach(early::addApplicationListener);
		early.setErrorHandler((ex) -> logger.error("A listener of WorkerStartingEvent failed", ex));
		early.multicastEvent(new WorkerStartingEvent(application, environment.slot(), springEnvironment));
		return lifecycle;
	}

	/**
	 * From here on this worker sends a failed start to its master (the trace, and Spring Boot's
	 * analysis through {@link WorkerFailureAnalysisReporter}), which logs each distinct failure once.
	 * The worker's own copies would repeat it once per worker in the shared log: Spring Boot's
	 * "Application run failed" and its analysis box (their loggers log nothing else a worker needs),
	 * and the main thread's uncaught exception, which Spring Boot rethrows and the JVM then prints
	 * (its handler stays for anything the master was not sent).
	 */
	private static void leaveFailedStartToTheMaster(SpringApplication application, WorkerAgent agent) {
		LoggingSystem logging = LoggingSystem.get(application.getClassLoader());
		logging.setLogLevel(SpringApplication.class.getName(), LogLevel.OFF);
		logging.setLogLevel(LoggingFailureAnalysisReporter.class.getName(), LogLevel.OFF);
		Thread main = Thread.currentThread();
		Thread.UncaughtExceptionHandler previous = main.getUncaughtExceptionHandler();
		main.setUncaughtExceptionHandler((thread, failure) -> {
			if (!agent.relayed(failure)) {
				previous.uncaughtException(thread, failure);
			}
		});
	}

	/**
	 * Tells the master the {@code prefork.*} settings this worker's configuration binds to: a reload
	 * adopts them, since the worker read the files and jar now on disk.
	 * @param settings the bound and validated settings
	 */
	public void reportSettings(BoundSettings settings) {
		this.agent.reportSettings(settings);
	}

	public void onApplicationEvent(ApplicationEvent event) {
		if (event instanceof ApplicationContextInitializedEvent initialized) {
			// before the context refreshes: the worker's auto-configuration is conditional on it, and its
			// beans take it as a constructor argument
			initialized.getApplicationContext().getBeanFactory().registerSingleton(WorkerAgent.BEAN_NAME, this.agent);
		}
		else if (event instanceof ApplicationReadyEvent ready) {
			if (this.agent.isWebServerAttached()) {
				this.agent.ready();
				ConfigurableApplicationContext context = ready.getApplicationContext();
				this.agent.publishWith(context::publishEvent);
				this.agent.publish(new WorkerReadyEvent(context, this.agent.environment().slot()));
			}
			else {
				IllegalStateException failure = new IllegalStateException("This worker started without a Tomcat "
						+ "servlet web server accepting on the master's socket; prefork supports Spring MVC on "
						+ "Tomcat (spring-boot-starter-webmvc). Remove the other web server, or set prefork.enabled=false");
				this.agent.failed(failure);
				throw failure;
			}
		}
		else if (event instanceof ApplicationFailedEvent failed) {
			this.agent.failed(failed.getException());
		}
	}


}
