package dev.prefork.autoconfigure.worker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.catalina.connector.Connector;

import org.springframework.boot.tomcat.TomcatConnectorCustomizer;

/**
 * Makes Tomcat's NIO connector accept on the socket the worker inherited from its master (its
 * standard input) instead of binding a port of its own, starting slowly when warm workers serve.
 */
final class InheritedChannelConnectorCustomizer implements TomcatConnectorCustomizer {

	private final WorkerAgent agent;

	private final SlowStart slowStart;

	InheritedChannelConnectorCustomizer(WorkerAgent agent, SlowStart slowStart) {
		this.agent = agent;
		this.slowStart = slowStart;
	}

	@Override
	public void customize(Connector connector) {
		connector.setProperty("useInheritedChannel", "true");
		if (inheritsUnixSocket()) {
			// Tomcat skips TCP-only socket options only when it knows it serves a Unix socket, and
			// deletes that path when it stops: so it gets a placeholder, never the master's socket
			connector.setProperty("unixDomainSocketPath", placeholder().toString());
		}
		if (this.slowStart != null) {
			this.slowStart.attach(connector);
		}
		this.agent.webServerAttached();
	}

	private static boolean inheritsUnixSocket() {
		try {
			return System.inheritedChannel() instanceof ServerSocketChannel channel
					&& channel.getLocalAddress() instanceof UnixDomainSocketAddress;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private Path placeholder() {
		Path runtime = this.agent.environment().channel().getParent();
		try {
			return Files.createTempFile(runtime, "worker-" + this.agent.environment().slot() + "-", ".tomcat-socket");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not create the Unix socket placeholder in " + runtime, ex);
		}
	}

}
