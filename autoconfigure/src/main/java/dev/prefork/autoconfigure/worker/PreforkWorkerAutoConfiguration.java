package dev.prefork.autoconfigure.worker;

import org.apache.catalina.startup.Tomcat;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

/**
 * Auto-configuration of a worker JVM: its Tomcat accepts on the master's socket.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ Tomcat.class, TomcatServletWebServerFactory.class })
@Conditional(OnWorkerCondition.class)
public final class PreforkWorkerAutoConfiguration {

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> preforkInheritedChannelCustomizer() {
		WorkerAgent agent = WorkerAgent.current();
		return (factory) -> factory.addConnectorCustomizers(new InheritedChannelConnectorCustomizer(agent));
	}

}
