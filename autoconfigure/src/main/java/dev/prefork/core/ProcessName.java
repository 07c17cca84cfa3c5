package dev.prefork.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The name {@code ps -e}, {@code top} and {@code pgrep} show for the master and each worker, as
 * Gunicorn's {@code proc_name} does for its process titles: {@code prefork:master} and
 * {@code prefork:w1}, {@code prefork:w2}... instead of {@code java} for all of them. It is the
 * kernel's command name ({@code /proc/PID/comm}, at most 15 bytes), which a JVM can set for itself.
 */
public final class ProcessName {

	private static final Logger logger = LoggerFactory.getLogger(ProcessName.class);

	/** The name's first part when {@code prefork.proc-name} is not set. */
	public static final String DEFAULT = "prefork";

	/** Set in a worker's environment: the name's first part ({@code prefork.proc-name}). */
	public static final String ENV = "PREFORKD_PROC_NAME";

	/** The kernel keeps 15 bytes of a command name. */
	static final int MAX_LENGTH = 15;

	/** The longest {@code prefork.proc-name}: the 15 bytes less {@code :master} (a constant, for annotations). */
	public static final int MAX_PREFIX = 8;

	private ProcessName() {
	}

	/** The master's name, such as {@code prefork:master}. */
	public static String master(String prefix) {
		return of(prefix, "master");
	}

	/** A worker's name, such as {@code prefork:w3}. */
	public static String worker(String prefix, int slot) {
		return of(prefix, "w" + slot);
	}

	static String of(String prefix, String role) {
		int room = MAX_LENGTH - role.length() - 1;
		String name = (prefix.length() > room) ? prefix.substring(0, room) : prefix;
		return name + ":" + role;
	}

	/**
	 * Names this process. A failure is logged at debug level only: the name is a convenience.
	 * @param name at most 15 ASCII characters
	 */
	public static void set(String name) {
		try {
			// /proc/self is the thread group, so this names the process, whichever thread writes it
			Files.write(Path.of("/proc/self/comm"), name.getBytes(StandardCharsets.US_ASCII));
		}
		catch (IOException | UnsupportedOperationException ex) {
			logger.debug("Could not name this process {}: {}", name, ex.getMessage());
		}
	}

}
