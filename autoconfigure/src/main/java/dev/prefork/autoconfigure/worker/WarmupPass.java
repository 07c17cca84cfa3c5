package dev.prefork.autoconfigure.worker;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.catalina.Service;
import org.apache.catalina.connector.Connector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
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

	private static final int CONNECTIONS = 4;

	private final WebServerApplicationContext context;

	private final List<String> paths;

	private final int requests;

	private final Duration timeout;

	private final RequestTracker tracker;

	private volatile boolean running;

	WarmupPass(WebServerApplicationContext context, List<String> paths, int requests, Duration timeout,
			RequestTracker tracker) {
		this.context = context;
		this.paths = List.copyOf(paths);
		this.requests = requests;
		this.timeout = timeout;
		this.tracker = tracker;
	}

	@Override
	public void start() {
		this.running = true;
		WebServer server = this.context.getWebServer();
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
			WorkerAgent agent = WorkerAgent.current();
			if (agent != null) {
				agent.warmedUp();
			}
		}
	}

	private void run(int port) {
		long start = System.nanoTime();
		long deadline = start + this.timeout.toNanos();
		AtomicInteger next = new AtomicInteger();
		AtomicLong failed = new AtomicLong();
		Thread[] threads = new Thread[CONNECTIONS];
		for (int t = 0; t < CONNECTIONS; t++) {
			threads[t] = new Thread(() -> {
				int i;
				while ((i = next.getAndIncrement()) < this.requests && System.nanoTime() < deadline) {
					String path = this.paths.get(i % this.paths.size());
					if (!get(port, path)) {
						failed.incrementAndGet();
					}
				}
			}, "prefork-warmup-" + t);
			threads[t].start();
		}
		for (Thread thread : threads) {
			try {
				thread.join();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
		int done = Math.min(next.get(), this.requests);
		logger.info("Warm-up: {} requests to {} in {} s{}{}", done, this.paths,
				String.format(Locale.ROOT, "%.2f", (System.nanoTime() - start) / 1e9),
				(done < this.requests) ? " (stopped at prefork.warmup.timeout)" : "",
				(failed.get() > 0) ? "; " + failed.get() + " failed or were not 2xx/3xx/4xx" : "");
	}

	/** One request on a kept-alive connection; true for an answer that is not a server error. */
	private static boolean get(int port, String path) {
		try {
			HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + path)
				.toURL()
				.openConnection();
			connection.setRequestProperty(HEADER, "1");
			connection.setConnectTimeout(5_000);
			connection.setReadTimeout(30_000);
			connection.setInstanceFollowRedirects(false);
			int status = connection.getResponseCode();
			try (InputStream body = (status < 400) ? connection.getInputStream() : connection.getErrorStream()) {
				if (body != null) {
					body.readAllBytes();
				}
			}
			return status < 500;
		}
		catch (IOException | IllegalArgumentException ex) {
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
