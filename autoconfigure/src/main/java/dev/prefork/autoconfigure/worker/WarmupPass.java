package dev.prefork.autoconfigure.worker;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.apache.catalina.Service;
import org.apache.catalina.connector.Connector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;

/**
 * A warm-up pass before a worker takes traffic: once the context is refreshed and before Spring Boot
 * starts the connector on the master's socket, the worker serves {@code prefork.warmup.requests}
 * requests to itself through a temporary loopback connector, so that the JIT has compiled the
 * request path when the first real request arrives. Requests go to {@code prefork.warmup.paths}
 * with an {@code X-Prefork-Warmup} header; a path that fails is only counted.
 */
final class WarmupPass implements SmartLifecycle {

	/** The header every warm-up request carries. */
	static final String HEADER = "X-Prefork-Warmup";

	private static final Logger logger = LoggerFactory.getLogger(WarmupPass.class);

	private final ApplicationContext context;

	private final List<String> paths;

	private final int requests;

	private final Duration timeout;

	private final RequestTracker tracker;

	private final WorkerAgent agent;

	private volatile boolean running;

	WarmupPass(ApplicationContext context, List<String> paths, int requests, Duration timeout,
			RequestTracker tracker, WorkerAgent agent) {
		this.agent = agent;
		this.context = context;
		this.paths = List.copyOf(paths);
		this.requests = requests;
		this.timeout = timeout;
		this.tracker = tracker;
	}

	@Override
	public void start() {
		this.running = true;
		WebServer server = (this.context instanceof WebServerApplicationContext web) ? web.getWebServer() : null;
		if (this.requests <= 0 || this.paths.isEmpty() || !(server instanceof TomcatWebServer tomcat)) {
			return;
		}
		Service service = tomcat.getTomcat().getService();
		Connector connector = new Connector("HTTP/1.1");
		connector.setPort(0);
		connector.setProperty("address", "127.0.0.1");
		service.addConnector(connector);
		try {
			run(connector.getLocalPort());
		}
		finally {
			service.removeConnector(connector);
			try {
				connector.destroy();
			}
			catch (Exception ex) {
				logger.debug("Could not destroy the warm-up connector", ex);
			}
			this.tracker.forgetServed();
			this.agent.warmedUp();
		}
	}

	/**
	 * Sends the requests one after another over one connection. On two cores, with two workers
	 * warming up together, 50,000 requests over one connection left the first 10 s after ready at
	 * 0.86x a warm JVM, over two connections at 0.79x, over four far lower: a client thread takes CPU
	 * from the JIT's compiler threads, which then fall behind and raise their thresholds.
	 */
	private void run(int port) {
		long start = System.nanoTime();
		long deadline = start + this.timeout.toNanos();
		long failed = 0;
		int sent = 0;
		byte[][] requests = this.paths.stream().map((path) -> WarmupClient.request(path, HEADER)).toArray(byte[][]::new);
		try (WarmupClient client = new WarmupClient(port)) {
			for (; sent < this.requests && System.nanoTime() < deadline; sent++) {
				if (!get(client, requests[sent % requests.length])) {
					failed++;
				}
			}
		}
		logger.info("Warm-up: {} requests to {} in {} s{}{}", sent, this.paths,
				String.format(Locale.ROOT, "%.2f", (System.nanoTime() - start) / 1e9),
				(sent < this.requests) ? " (stopped at prefork.warmup.timeout)" : "",
				(failed > 0) ? "; " + failed + " failed or were not 2xx/3xx/4xx" : "");
	}

	/** One request on a kept-alive connection; true for an answer that is not a server error. */
	private static boolean get(WarmupClient client, byte[] request) {
		try {
			return client.send(request) < 500;
		}
		catch (IOException ex) {
			return false;
		}
	}

	@Override
	public void stop() {
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** Just before Spring Boot starts the web server's connectors. */
	@Override
	public int getPhase() {
		return WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE - 1;
	}

}
