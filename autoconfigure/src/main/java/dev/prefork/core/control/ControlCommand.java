package dev.prefork.core.control;

import java.util.List;
import java.util.Locale;

import dev.prefork.core.master.WorkerCapacity;

/**
 * One request on the control socket: a command word, and a number for {@code scale}.
 *
 * @param name the command
 * @param workers the target for {@code scale}, else 0
 */
public record ControlCommand(String name, int workers) {

	/**
	 * The commands, each the twin of a signal but {@code status}, {@code meters} (the whole server's web
	 * metrics) and {@code scale}.
	 */
	public static final List<String> NAMES = List.of("status", "reload", "ttin", "ttou", "scale", "reopen-logs",
			"upgrade", "winch", "stop", "quit", "meters");

	/**
	 * Parses a request line.
	 * @param line such as {@code status} or {@code scale 4}
	 * @return the command
	 * @throws IllegalArgumentException with a message for the caller if the line is not a command
	 */
	public static ControlCommand parse(String line) {
		String[] words = line.strip().toLowerCase(Locale.ROOT).split("\\s+");
		String name = words[0];
		if (!NAMES.contains(name)) {
			throw new IllegalArgumentException("unknown command '" + line.strip() + "'; commands: " + String.join(", ", NAMES));
		}
		if (name.equals("scale")) {
			if (words.length != 2 || !words[1].matches("[0-9]{1,9}") || Integer.parseInt(words[1]) < 1
					|| Integer.parseInt(words[1]) > WorkerCapacity.MAX_WORKERS) {
				throw new IllegalArgumentException("scale takes a number of workers from 1 to " + WorkerCapacity.MAX_WORKERS
						+ ", such as 'scale 4'");
			}
			return new ControlCommand(name, Integer.parseInt(words[1]));
		}
		if (words.length != 1) {
			throw new IllegalArgumentException(name + " takes no argument");
		}
		return new ControlCommand(name, 0);
	}

	@Override
	public String toString() {
		return this.name.equals("scale") ? "scale " + this.workers : this.name;
	}

}
