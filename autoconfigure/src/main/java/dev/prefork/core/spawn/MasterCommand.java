package dev.prefork.core.spawn;

import java.util.ArrayList;
import java.util.List;

/**
 * The command line the master re-executes itself with to run as a small JVM: the one it was started
 * with, and the master's own JVM options after the launch's, just before {@code -jar}, so that they
 * win; a marker in front of them counts them, so that the workers' command leaves them out again.
 *
 * @param argv the program and its arguments
 */
public record MasterCommand(List<String> argv) {

	/** The system property in front of the master's options; its value is how many follow it. */
	public static final String MARKER_PROPERTY = "dev.prefork.master-options";

	private static final String MARKER = "-D" + MARKER_PROPERTY + "=";

	/**
	 * What a supervisor that idles most of the time needs: the client compiler only (no C2 threads
	 * or code), compiling only what runs ten times as often as it would by default (the master's
	 * start runs once; its loop and message handling soon reach that), a heap that starts at 4 MB
	 * and stops at 128 MB, and jnr-ffi calling the C library through reflection instead of classes
	 * it generates (the master makes a few calls a minute). Measured on the sample app's master after
	 * load: 70 MB with the client compiler, serial collector and an 8 MB heap alone, 62 MB with all
	 * of these (docs/architecture.md).
	 */
	private static final List<String> OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:CompileThresholdScaling=10",
			"-Xms4m", "-Xmx128m", "-Djnr.ffi.asm.enabled=false");

	/**
	 * Unless the launch chose a collector: the serial collector, whose structures are a fraction of
	 * G1's, with a young generation of 1 MB (a collection of it takes well under a millisecond).
	 */
	private static final List<String> SERIAL_COLLECTOR = List.of("-XX:+UseSerialGC", "-Xmn1m");

	public MasterCommand {
		argv = List.copyOf(argv);
	}

	/**
	 * The small master's command line: the master's options stand right before {@code -jar}, after
	 * the options as launched, which they override; without {@code -jar} (a main class, whose place
	 * among the options is not known) they stand first, and options as launched win.
	 * @param launched the master's command line as started (from /proc/self/cmdline)
	 * @param collectorChosen whether the launch chose a garbage collector, which the master keeps
	 * then: two collectors would stop the JVM from starting
	 * @return the command line
	 */
	public static MasterCommand of(List<String> launched, boolean collectorChosen) {
		List<String> options = new ArrayList<>(OPTIONS);
		if (!collectorChosen) {
			options.addAll(SERIAL_COLLECTOR);
		}
		int jar = launched.indexOf("-jar");
		int at = (jar > 0 && jar + 1 < launched.size()) ? jar : 1;
		List<String> argv = new ArrayList<>(launched.subList(0, at));
		argv.add(MARKER + options.size());
		argv.addAll(options);
		argv.addAll(launched.subList(at, launched.size()));
		return new MasterCommand(argv);
	}

	/** The options the master added, without the marker. */
	public List<String> masterOptions() {
		int marker = marker(this.argv);
		return this.argv.subList(marker + 1, marker + 1 + added(this.argv, marker));
	}

	/**
	 * A command line without what {@link #of} added: the launch's own.
	 * @param argv a command line, re-executed or not
	 * @return the command line as launched
	 */
	public static List<String> asLaunched(List<String> argv) {
		int marker = marker(argv);
		int added = (marker > 0) ? added(argv, marker) : -1;
		if (added < 0) {
			return argv;
		}
		List<String> launched = new ArrayList<>(argv.subList(0, marker));
		launched.addAll(argv.subList(Math.min(argv.size(), marker + 1 + added), argv.size()));
		return launched;
	}

	/** Where the marker stands among the JVM's options (up to {@code -jar}), or -1. */
	private static int marker(List<String> argv) {
		for (int i = 1; i < argv.size() && !argv.get(i).equals("-jar"); i++) {
			if (argv.get(i).startsWith(MARKER)) {
				return i;
			}
		}
		return -1;
	}

	/** How many options follow the marker, or -1 when it does not count them. */
	private static int added(List<String> argv, int marker) {
		try {
			return Integer.parseInt(argv.get(marker).substring(MARKER.length()));
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

}
