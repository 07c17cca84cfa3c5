package dev.prefork.autoconfigure.worker;

import java.io.IOException;
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

	static void run(int slot) {
		logger.info("Worker {} (pid {}) stopping gracefully, as the master asked", slot, ProcessHandle.current().pid());
		TOMCAT_ACCEPTOR.setLevel(Level.OFF);
		try {
			InheritedSocket.release();
		}
		catch (IOException | RuntimeException ex) {
			logger.warn("Could not release the listening socket before stopping: {}", ex.toString());
		}
		System.exit(0);
	}

}
