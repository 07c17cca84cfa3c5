package dev.prefork.autoconfigure.actuate;

import dev.prefork.autoconfigure.PreforkProperties;
import dev.prefork.autoconfigure.worker.OnWorkerCondition;
import dev.prefork.autoconfigure.worker.PreforkWorkerAutoConfiguration;
import dev.prefork.autoconfigure.worker.WorkerAgent;
import dev.prefork.core.control.ControlClient;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of what a worker shows of the whole server: the {@code prefork} endpoint, when
 * Actuator is present and the endpoint is available (enabled and exposed), the master's figures as
 * Micrometer meters, when Micrometer is present, and a {@code prefork} health contributor.
 */
@AutoConfiguration(after = PreforkWorkerAutoConfiguration.class)
@Conditional(OnWorkerCondition.class)
public final class PreforkEndpointAutoConfiguration {

	static ControlClient master() {
		return new ControlClient(
				WorkerAgent.current().environment().channel().resolveSibling(ControlClient.SOCKET_NAME));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Endpoint.class)
	@ConditionalOnAvailableEndpoint(PreforkEndpoint.class)
	static class EndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		PreforkEndpoint preforkEndpoint() {
			return new PreforkEndpoint(master());
		}

	}

	@Bean
	MasterStatus preforkMasterStatus() {
		return new MasterStatus(master());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterBinder.class)
	static class MetricsConfiguration {

		@Bean
		MeterBinder preforkMetrics(MasterStatus preforkMasterStatus) {
			return new PreforkMetrics(preforkMasterStatus);
		}

		@Bean
		ServerWideMeters preforkServerWideMeters(MasterStatus preforkMasterStatus, PreforkProperties properties) {
			return new ServerWideMeters(preforkMasterStatus, properties.getServerMeters(), WorkerAgent.current());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(AbstractHealthIndicator.class)
	static class HealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "preforkHealthIndicator")
		PreforkHealthIndicator preforkHealthIndicator(MasterStatus preforkMasterStatus) {
			return new PreforkHealthIndicator(preforkMasterStatus);
		}

	}

}
