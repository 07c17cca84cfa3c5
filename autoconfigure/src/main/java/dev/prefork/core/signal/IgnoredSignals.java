package dev.prefork.core.signal;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import sun.misc.Signal;

/**
 * The signals a process was started with ignored ({@code SigIgn} in {@code /proc/self/status}):
 * {@code nohup} ignores HUP, and a script's background job is started with INT and QUIT ignored. A
 * JVM never installs a handler for a signal it inherited ignored, so the master would not hear it.
 */
public final class IgnoredSignals {

	/**
	 * The signals that only ask the master to do something (reload, scale, reopen logs): a master
	 * that re-executes itself takes them back from an inherited ignore. The signals that stop it keep
	 * an ignore the launch chose.
	 */
	public static final List<String> ACTIONS = List.of("HUP", "TTIN", "TTOU", "USR1");

	private IgnoredSignals() {
	}

	/**
	 * Which of the given signals this process ignores.
	 * @param names signal names without SIG
	 * @return those ignored, in the order given; none if {@code /proc} cannot be read
	 */
	public static List<String> of(List<String> names) {
		try {
			return of(Files.readString(Path.of("/proc/self/status")), names);
		}
		catch (IOException | RuntimeException ex) {
			return List.of();
		}
	}

	/**
	 * Which of the given signals a {@code /proc/<pid>/status} text lists as ignored.
	 * @param status the text
	 * @param names signal names without SIG
	 * @return those ignored, in the order given
	 */
	static List<String> of(String status, List<String> names) {
		BigInteger mask = BigInteger.ZERO;
		for (String line : status.split("\n")) {
			if (line.startsWith("SigIgn:")) {
				mask = new BigInteger(line.substring("SigIgn:".length()).trim(), 16);
			}
		}
		BigInteger ignored = mask;
		return names.stream().filter((name) -> ignored.testBit(number(name) - 1)).toList();
	}

	/**
	 * The signals' names as the shell spells them: {@code SIGHUP}, {@code SIGHUP and SIGINT}.
	 * @param names signal names without SIG
	 * @return the text
	 */
	public static String spell(List<String> names) {
		List<String> spelled = names.stream().map((name) -> "SIG" + name).toList();
		if (spelled.size() <= 1) {
			return String.join("", spelled);
		}
		return String.join(", ", spelled.subList(0, spelled.size() - 1)) + " and " + spelled.get(spelled.size() - 1);
	}

	/**
	 * The signal's number on this platform.
	 * @param name the name without SIG
	 * @return its number
	 */
	public static int number(String name) {
		return new Signal(name).getNumber();
	}

}
