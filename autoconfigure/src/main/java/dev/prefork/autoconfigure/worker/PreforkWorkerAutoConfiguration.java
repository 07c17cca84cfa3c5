package dev.prefork.autoconfigure.worker;

import dev.prefork.autoconfigure.AotWorkerBeans;
import dev.prefork.autoconfigure.PreforkProperties;
import org.apache.catalina.startup.Tomcat;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.Ordered;

/**
 * Auto-configuration of a worker JVM: its Tomcat accepts on the master's socket. It applies when the
 * context holds this worker's {@link WorkerAgent}, which the worker's lifecycle registers before the
 * context refreshes.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ Tomcat.class, TomcatServletWebServerFactory.class })
@Conditional(OnWorkerCondition.class)
public final class PreforkWorkerAutoConfiguration {

	@Bean
	static AotWorkerBeans preforkAotWorkerBeans() {
		return new AotWorkerBeans();
	}

	@Bean
	FilterRegistrationBean<RequestTracker> preforkRequestTracker(WorkerAgent agent) {
		RequestTracker tracker = new RequestTracker();
		agent.track(tracker);
		FilterRegistrationBean<RequestTracker> registration = new FilterRegistrationBean<>(tracker);
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		registration.setName("preforkRequestTracker");
		return registration;
	}

	@Bean
	WarmupPass preforkWarmupPass(ApplicationContext context, PreforkProperties properties,
			FilterRegistrationBean<RequestTracker> preforkRequestTracker, WorkerAgent agent) {
		PreforkProperties.Warmup warmup = properties.getWarmup();
		return new WarmupPass(context, warmup.getPaths(), warmup.getRequests(),
				warmup.getTimeout(), preforkRequestTracker.getFilter(), agent);
	}

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> preforkInheritedChannelCustomizer(
			PreforkProperties properties, WorkerAgent agent) {
		SlowStart slowStart = SlowStart.applies(properties.getSlowStart())
				? new SlowStart(agent, properties.getSlowStart(), agent.environment().besideWarmWorkers()) : null;
		return (factory) -> factory.addConnectorCustomizers(new InheritedChannelConnectorCustomizer(agent, slowStart));
	}

}
