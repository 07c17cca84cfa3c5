package dev.prefork.autoconfigure;

import dev.prefork.autoconfigure.actuate.MasterStatus;
import dev.prefork.autoconfigure.actuate.PreforkActuatorAutoConfiguration;
import dev.prefork.autoconfigure.actuate.PreforkEndpoint;
import dev.prefork.autoconfigure.worker.PreforkWorkerAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;

import static org.assertj.core.api.Assertions.assertThat;

class PreforkAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PreforkAutoConfiguration.class, PreforkWorkerAutoConfiguration.class,
				PreforkActuatorAutoConfiguration.class));

	@Test
	void propertiesAreABeanWithTheirDefaults() {
		this.runner.withPropertyValues("prefork.workers=3").run((context) -> {
			assertThat(context).hasSingleBean(PreforkProperties.class);
			assertThat(context.getBean(PreforkProperties.class).getWorkers()).isEqualTo(3);
		});
	}

	@Test
	void outsideAWorkerTomcatIsLeftToBindItsOwnPort() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(WebServerFactoryCustomizer.class));
	}

	@Test
	void outsideAWorkerThereIsNoMasterToShowSoNoEndpointMetricsOrHealth() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=prefork")
			.run((context) -> assertThat(context).doesNotHaveBean(PreforkEndpoint.class)
				.doesNotHaveBean(MasterStatus.class)
				.doesNotHaveBean("preforkHealthIndicator")
				.doesNotHaveBean("preforkMetrics"));
	}

	@Test
	void theEndpointIsReadOnlyUnlessAccessIsGranted() {
		assertThat(PreforkEndpoint.class.getAnnotation(Endpoint.class).defaultAccess()).isEqualTo(Access.READ_ONLY);
	}

}
