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
 * Auto-configuration of what a worker shows of the whole server through Actuator and Micrometer: the
 * {@code prefork} endpoint, when the endpoint is available (enabled and exposed), the master's figures
 * and the server-wide web metrics as Micrometer meters, and a {@code prefork} health contributor.
 * Each reads the master's status through the worker's {@link WorkerAgent}; an application's own
 * endpoint or health contributor of the same name replaces ours.
 */
@AutoConfiguration(after = PreforkWorkerAutoConfiguration.class)
@Conditional(OnWorkerCondition.class)
public final class PreforkActuatorAutoConfiguration {

	static ControlClient master(WorkerAgent agent) {
		return new ControlClient(agent.environment().channel().resolveSibling(ControlClient.SOCKET_NAME));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Endpoint.class)
	@ConditionalOnAvailableEndpoint(PreforkEndpoint.class)
	static class EndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		PreforkEndpoint preforkEndpoint(WorkerAgent agent) {
			return new PreforkEndpoint(master(agent));
		}

	}

	@Bean
	MasterStatus preforkMasterStatus(WorkerAgent agent) {
		return new MasterStatus(master(agent));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterBinder.class)
	static class MetricsConfiguration {

		@Bean
		MeterBinder preforkMetrics(MasterStatus preforkMasterStatus) {
			return new PreforkMetrics(preforkMasterStatus);
		}

		@Bean
		ServerWideMeters preforkServerWideMeters(MasterStatus preforkMasterStatus, PreforkProperties properties,
				WorkerAgent agent) {
			return new ServerWideMeters(preforkMasterStatus, properties.getServerMeters(), agent);
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
