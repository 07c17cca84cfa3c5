package dev.prefork.core.master;

import java.util.Map;

/**
 * systemd's socket activation protocol: the sockets passed from descriptor 3 on, counted by
 * {@code LISTEN_FDS}, for the process named by {@code LISTEN_PID}.
 */
final class SystemdActivation {

	static final int FIRST_FD = 3;

	private SystemdActivation() {
	}

	/**
	 * How many sockets systemd passed to this process.
	 * @param env the environment
	 * @param pid this process's pid
	 * @return the count, 0 when none were passed or they were meant for another process
	 */
	static int passedTo(Map<String, String> env, long pid) {
		try {
			if (Long.parseLong(env.getOrDefault("LISTEN_PID", "-1").strip()) != pid) {
				return 0;
			}
			return Math.max(0, Integer.parseInt(env.getOrDefault("LISTEN_FDS", "0").strip()));
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

}
