package dev.prefork.autoconfigure;

import java.util.List;
import java.util.Locale;

import dev.prefork.autoconfigure.master.MasterLauncher;
import dev.prefork.autoconfigure.worker.WorkerLifecycle;
import dev.prefork.core.spawn.ClassCache;
import dev.prefork.core.worker.WorkerEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.aot.AbstractAotProcessor;
import org.springframework.context.support.DefaultLifecycleProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.SpringProperties;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Decides what a launch is, once Spring has prepared the Environment (so {@code prefork.*} comes
 * through Spring's precedence chain) and logging is set up. A worker connects to its master and goes
 * on to start the application. A master takes over {@code main} and never refreshes the user's
 * application context, the way DevTools' restarter takes it over. Tests, non-servlet applications,
 * {@code prefork.enabled=false}, Spring AOT processing and runs that refresh once and exit (CDS
 * training, CRaC checkpoints) run as plain Spring Boot.
 */
public final class PreforkApplicationListener implements ApplicationListener<ApplicationEvent>, Ordered {

	private static final Logger logger = LoggerFactory.getLogger(PreforkApplicationListener.class);

	private static final List<String> TEST_FRAMEWORKS = List.of("org.junit.", "org.springframework.boot.test.",
			"org.springframework.test.", "org.testng.", "io.cucumber.");

	private WorkerLifecycle worker;

	@Override
	public void onApplicationEvent(ApplicationEvent event) {
		if (event instanceof ApplicationEnvironmentPreparedEvent prepared) {
			environmentPrepared(prepared);
		}
		else if (this.worker != null) {
			this.worker.onApplicationEvent(event);
		}
	}

	private void environmentPrepared(ApplicationEnvironmentPreparedEvent event) {
		if (WorkerEnvironment.isWorker(System.getenv())) {
			this.worker = WorkerLifecycle.start(WorkerEnvironment.from(System.getenv()), event.getSpringApplication(),
					event.getEnvironment());
			// read from the files and jar now on disk: a reload adopts them, and an invalid value fails
			// this boot with Spring Boot's failure analysis, which rolls the reload back
			this.worker.reportSettings(MasterLauncher.boundSettings(event.getEnvironment()));
			return;
		}
		if (System.getenv(ClassCache.TRAINING_ENV) != null) {
			logger.info("Class cache training run: refreshing the context once, then exiting");
			return;
		}
		String skip = reasonToRunPlain(event.getSpringApplication(), event.getEnvironment());
		if (skip != null) {
			logger.debug("Running as a plain Spring Boot application: {}", skip);
			return;
		}
		int exitCode = new MasterLauncher(event.getSpringApplication(), event.getEnvironment(), System.out).run();
		System.exit(exitCode);
	}

	static String reasonToRunPlain(SpringApplication application, ConfigurableEnvironment environment) {
		if ("false".equalsIgnoreCase(environment.getProperty("prefork.enabled", "").strip())) {
			return "prefork.enabled is false";
		}
		WebApplicationType webType = webApplicationType(application, environment);
		if (webType != WebApplicationType.SERVLET) {
			return "not a servlet web application (" + webType + ")";
		}
		if (Boolean.getBoolean(AbstractAotProcessor.AOT_PROCESSING)) {
			return "Spring AOT processing at build time";
		}
		for (String property : List.of(DefaultLifecycleProcessor.EXIT_PROPERTY_NAME,
				DefaultLifecycleProcessor.CHECKPOINT_PROPERTY_NAME)) {
			if (DefaultLifecycleProcessor.ON_REFRESH_VALUE.equalsIgnoreCase(SpringProperties.getProperty(property))) {
				return property + "=" + DefaultLifecycleProcessor.ON_REFRESH_VALUE
						+ ": a training or checkpoint run, which refreshes the context once";
			}
		}
		if (underTest()) {
			return "started by a test framework";
		}
		return null;
	}

	/**
	 * The web application type, with {@code spring.main.web-application-type} applied (Spring Boot
	 * binds it to the application only after this listener ran). A value that is not a type is left
	 * for Spring Boot to report, with its origin, where it binds it.
	 */
	private static WebApplicationType webApplicationType(SpringApplication application,
			ConfigurableEnvironment environment) {
		String type = environment.getProperty("spring.main.web-application-type");
		if (type != null) {
			try {
				return WebApplicationType.valueOf(type.strip().toUpperCase(Locale.ROOT));
			}
			catch (IllegalArgumentException ex) {
				// reported by Spring Boot's binder
			}
		}
		return application.getWebApplicationType();
	}

	private static boolean underTest() {
		for (StackTraceElement element : Thread.currentThread().getStackTrace()) {
			for (String framework : TEST_FRAMEWORKS) {
				if (element.getClassName().startsWith(framework)) {
					return true;
				}
			}
		}
		return false;
	}

	@Override
	public int getOrder() {
		return LoggingApplicationListener.DEFAULT_ORDER + 1;
	}

}
