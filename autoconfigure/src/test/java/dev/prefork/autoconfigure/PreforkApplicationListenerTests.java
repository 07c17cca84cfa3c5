package dev.prefork.autoconfigure;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.core.SpringProperties;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class PreforkApplicationListenerTests {

	@Test
	void disabledPreforkRunsPlain() {
		assertThat(reason(WebApplicationType.SERVLET, Map.of("prefork.enabled", "false")))
			.isEqualTo("prefork.enabled is false");
	}

	@Test
	void applicationsThatAreNotServletWebAppsRunPlain() {
		assertThat(reason(WebApplicationType.NONE, Map.of())).startsWith("not a servlet web application");
		assertThat(reason(WebApplicationType.SERVLET, Map.of("spring.main.web-application-type", "reactive")))
			.contains("this one is reactive");
	}

	@Test
	void onAnotherOperatingSystemOrForAReactiveApplicationTheWarningSaysWhy() {
		SpringApplication application = new SpringApplication(Object.class);
		application.setWebApplicationType(WebApplicationType.SERVLET);
		for (String os : new String[] { "Mac OS X", "Windows 11" }) {
			PreforkApplicationListener.PlainRun plain = PreforkApplicationListener.plainRun(application,
					new StandardEnvironment(), os);
			assertThat(plain.warn()).isTrue();
			assertThat(plain.reason()).startsWith("prefork's workers run on Linux, and this is " + os)
				.contains("set prefork.enabled=false");
		}
		StandardEnvironment off = new StandardEnvironment();
		off.getPropertySources().addFirst(new MapPropertySource("test", Map.of("prefork.enabled", "false")));
		assertThat(PreforkApplicationListener.plainRun(application, off, "Mac OS X").warn()).as("asked for").isFalse();
		application.setWebApplicationType(WebApplicationType.REACTIVE);
		PreforkApplicationListener.PlainRun reactive = PreforkApplicationListener.plainRun(application,
				new StandardEnvironment(), "Linux");
		assertThat(reactive.warn()).isTrue();
		assertThat(reactive.reason()).contains("this one is reactive");
		application.setWebApplicationType(WebApplicationType.NONE);
		assertThat(PreforkApplicationListener.plainRun(application, new StandardEnvironment(), "Linux").warn()).isFalse();
	}

	@Test
	void aWebApplicationTypeThatIsNotOneIsLeftToSpringBootToReport() {
		assertThat(reason(WebApplicationType.SERVLET, Map.of("spring.main.web-application-type", "servelt")))
			.isEqualTo("started by a test framework");
	}

	@Test
	void springAotProcessingRunsPlainInsteadOfStartingAServerInTheBuild() {
		System.setProperty("spring.aot.processing", "true");
		try {
			assertThat(reason(WebApplicationType.SERVLET, Map.of())).isEqualTo("Spring AOT processing at build time");
		}
		finally {
			System.clearProperty("spring.aot.processing");
		}
	}

	@Test
	void aRunThatRefreshesOnceAndExitsRunsPlain() {
		for (String property : new String[] { "spring.context.exit", "spring.context.checkpoint" }) {
			SpringProperties.setProperty(property, "onRefresh");
			try {
				assertThat(reason(WebApplicationType.SERVLET, Map.of()))
					.startsWith(property + "=onRefresh: a training or checkpoint run");
			}
			finally {
				SpringProperties.setProperty(property, null);
			}
		}
	}

	@Test
	void applicationsStartedByATestFrameworkNeverSpawnWorkers() {
		assertThat(reason(WebApplicationType.SERVLET, Map.of())).isEqualTo("started by a test framework");
	}

	private static String reason(WebApplicationType type, Map<String, Object> properties) {
		SpringApplication application = new SpringApplication(Object.class);
		application.setWebApplicationType(type);
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
		return PreforkApplicationListener.reasonToRunPlain(application, environment);
	}

}
