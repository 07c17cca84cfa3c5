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
		PlainRun plain = plainRun(event.getSpringApplication(), event.getEnvironment(), System.getProperty("os.name"));
		if (plain != null) {
			if (plain.warn()) {
				logger.warn("Running as one plain JVM, without prefork workers: {}", plain.reason());
			}
			else {
				logger.debug("Running as a plain Spring Boot application: {}", plain.reason());
			}
			return;
		}
		int exitCode = new MasterLauncher(event.getSpringApplication(), event.getEnvironment(), System.out).run();
		System.exit(exitCode);
	}

	static String reasonToRunPlain(SpringApplication application, ConfigurableEnvironment environment) {
		PlainRun plain = plainRun(application, environment, "Linux");
		return (plain != null) ? plain.reason() : null;
	}

	/**
	 * Why this launch runs as one plain JVM, or null when it is the master.
	 * @param application the application
	 * @param environment its prepared environment
	 * @param osName the operating system's name, as {@code os.name} gives it
	 * @return the reason, and whether it is worth a warning, or null
	 */
	static PlainRun plainRun(SpringApplication application, ConfigurableEnvironment environment, String osName) {
		if ("false".equalsIgnoreCase(environment.getProperty("prefork.enabled", "").strip())) {
			return new PlainRun("prefork.enabled is false", false);
		}
		if (osName == null || !osName.startsWith("Linux")) {
			return new PlainRun("prefork's workers run on Linux, and this is " + osName + " (a development machine, "
					+ "say); deploy to Linux for workers, or set prefork.enabled=false to run plain without this "
					+ "warning", true);
		}
		WebApplicationType webType = webApplicationType(application, environment);
		if (webType == WebApplicationType.REACTIVE) {
			return new PlainRun("prefork's workers serve servlet applications (Spring MVC on Tomcat), and this one is "
					+ "reactive; set prefork.enabled=false to run plain without this warning", true);
		}
		if (webType != WebApplicationType.SERVLET) {
			return new PlainRun("not a servlet web application (" + webType + ")", false);
		}
		if (Boolean.getBoolean(AbstractAotProcessor.AOT_PROCESSING)) {
			return new PlainRun("Spring AOT processing at build time", false);
		}
		for (String property : List.of(DefaultLifecycleProcessor.EXIT_PROPERTY_NAME,
				DefaultLifecycleProcessor.CHECKPOINT_PROPERTY_NAME)) {
			if (DefaultLifecycleProcessor.ON_REFRESH_VALUE.equalsIgnoreCase(SpringProperties.getProperty(property))) {
				return new PlainRun(property + "=" + DefaultLifecycleProcessor.ON_REFRESH_VALUE
						+ ": a training or checkpoint run, which refreshes the context once", false);
			}
		}
		if (underTest()) {
			return new PlainRun("started by a test framework", false);
		}
		return null;
	}

	/**
	 * Why a launch runs as one plain JVM.
	 * @param reason why
	 * @param warn whether the user may expect workers and should hear why there are none
	 */
	record PlainRun(String reason, boolean warn) {
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
