package dev.prefork.core.master;

import java.io.IOException;

import dev.prefork.core.net.UnixDatagram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells systemd how the master is doing when it runs as a {@code Type=notify} service
 * ({@code NOTIFY_SOCKET} is set): ready once the first workers serve, reloading during HUP, stopping
 * on shutdown, and the new main pid after an upgrade (USR2). Does nothing without the variable.
 */
final class SystemdNotifier {

	static final String ENV = "NOTIFY_SOCKET";

	private static final Logger logger = LoggerFactory.getLogger(SystemdNotifier.class);

	private final String socket;

	private String last;

	SystemdNotifier(String socket) {
		this.socket = socket;
	}

	static SystemdNotifier fromEnvironment() {
		return new SystemdNotifier(System.getenv(ENV));
	}

	/**
	 * Sends the state, once per change.
	 * @param state the notification, such as {@code READY=1}
	 */
	void notify(String state) {
		if (this.socket == null || this.socket.isEmpty() || state.equals(this.last)) {
			return;
		}
		this.last = state;
		try (UnixDatagram datagram = UnixDatagram.open()) {
			datagram.send(this.socket, state);
		}
		catch (IOException | RuntimeException | LinkageError ex) {
			logger.warn("Could not notify systemd at {} ({}): {}", this.socket, state.replace('\n', ' '), ex.toString());
		}
	}

}
