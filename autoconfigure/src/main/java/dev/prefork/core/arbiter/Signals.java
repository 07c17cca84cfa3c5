package dev.prefork.core.arbiter;

/**
 * Names of the Linux signal numbers that show up in a worker's exit status.
 */
final class Signals {

	private static final String[] NAMES = { "0", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT",
			"SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM" };

	private Signals() {
	}

	static String name(int signal) {
		return (signal > 0 && signal < NAMES.length) ? NAMES[signal] : "SIG" + signal;
	}

}
