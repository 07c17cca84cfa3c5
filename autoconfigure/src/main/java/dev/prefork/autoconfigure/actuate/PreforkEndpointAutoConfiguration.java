package dev.prefork.autoconfigure.actuate;

import dev.prefork.autoconfigure.worker.OnWorkerCondition;
import dev.prefork.autoconfigure.worker.PreforkWorkerAutoConfiguration;
import dev.prefork.autoconfigure.worker.WorkerAgent;
import dev.prefork.core.control.ControlClient;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * Auto-configuration of the {@code prefork} endpoint in workers, when Actuator is present and the
 * endpoint is available (enabled and exposed).
 */
@AutoConfiguration(after = PreforkWorkerAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
@Conditional(OnWorkerCondition.class)
@ConditionalOnAvailableEndpoint(PreforkEndpoint.class)
public final class PreforkEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	PreforkEndpoint preforkEndpoint() {
		WorkerAgent agent = WorkerAgent.current();
		return new PreforkEndpoint(
				new ControlClient(agent.environment().channel().resolveSibling(ControlClient.SOCKET_NAME)));
	}

}
