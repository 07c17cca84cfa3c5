package dev.prefork.autoconfigure.worker;

import org.apache.catalina.connector.Connector;

import org.springframework.boot.tomcat.TomcatConnectorCustomizer;

/**
 * Makes Tomcat's NIO connector accept on the socket the worker inherited from its master (its
 * standard input) instead of binding a port of its own.
 */
final class InheritedChannelConnectorCustomizer implements TomcatConnectorCustomizer {

	private final WorkerAgent agent;

	InheritedChannelConnectorCustomizer(WorkerAgent agent) {
		this.agent = agent;
	}

	@Override
	public void customize(Connector connector) {
		connector.setProperty("useInheritedChannel", "true");
		this.agent.webServerAttached();
	}

}
