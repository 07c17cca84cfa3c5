package dev.prefork.autoconfigure.worker;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;

import dev.prefork.core.worker.InheritedSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a worker stops when its master asks: first it stops accepting on the shared socket, then it
 * exits through Spring Boot's graceful shutdown, which lets in-flight requests finish.
 * <p>
 * The order matters. Tomcat's own graceful stop leaves its acceptor blocked in {@code accept()} on
 * the inherited socket (it never closes an inherited channel) and wakes it by connecting to the
 * socket; with a socket shared by several workers the wake-up connection can reach another worker
 * while this one's acceptor takes a real client's connection and drops it. Closing this worker's
 * descriptor first wakes the acceptor without any connection. Tomcat logs that wake-up as a failed
 * accept, so its acceptor's logger is silenced for the stop.
 */
final class GracefulStop {

	private static final Logger logger = LoggerFactory.getLogger(GracefulStop.class);

	/** Held so that the silenced JUL logger is not collected with its level. */
	private static final java.util.logging.Logger TOMCAT_ACCEPTOR = java.util.logging.Logger
		.getLogger("org.apache.tomcat.util.net.Acceptor");

	private GracefulStop() {
	}

	/** How long no request may have started before the worker counts its accepted connections as drained. */
	private static final long QUIET_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

	/** The longest the worker waits for that quiet before it stops anyway. */
	private static final long DRAIN_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(1);

	static void run(int slot, RequestTracker requests) {
		logger.info("Worker {} (pid {}) stopping gracefully, as the master asked", slot, ProcessHandle.current().pid());
		TOMCAT_ACCEPTOR.setLevel(Level.OFF);
		long releasing = System.nanoTime();
		try {
			InheritedSocket.release();
			logger.debug("Released the listening socket in {} ms",
					TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - releasing));
		}
		catch (IOException | RuntimeException ex) {
			logger.warn("Could not release the listening socket before stopping: {}", ex.toString());
		}
		if (requests != null) {
			long start = System.nanoTime();
			awaitAcceptedRequests(requests);
			logger.debug("Waited {} ms for the connections this worker accepted to reach the application",
					TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
		}
		System.exit(0);
	}

	/**
	 * Spring Boot's graceful shutdown waits for requests that reached a servlet, not for connections
	 * accepted a moment ago whose request is still being read: those would be closed under the
	 * client. No connection arrives any more, so once no request has started for a short while,
	 * every accepted one has reached the servlet (and the request filter) or was an idle keep-alive.
	 */
	private static void awaitAcceptedRequests(RequestTracker requests) {
		long start = System.nanoTime();
		while (requests.sinceLastStart(System.nanoTime()) < QUIET_NANOS
				&& System.nanoTime() - start < DRAIN_LIMIT_NANOS) {
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
		}
	}

}
