package dev.prefork.core.arbiter;

/**
 * How a worker process ended: an exit code, or the signal that killed it.
 *
 * @param code the exit code, or -1 when a signal ended the process
 * @param signal the signal number, or 0 when the process exited by itself
 */
public record ExitStatus(int code, int signal) {

	/** SIGKILL's number on Linux and macOS. */
	public static final int SIGKILL = 9;

	/** HotSpot's exit code when {@code -XX:+ExitOnOutOfMemoryError} ends a JVM. */
	public static final int OUT_OF_MEMORY = 3;

	/**
	 * Decodes the value that {@link Process#exitValue()} reports on Unix, where a process killed by
	 * a signal reads as 128 plus the signal number.
	 * @param exitValue the JDK's exit value
	 * @return the status
	 */
	public static ExitStatus fromExitValue(int exitValue) {
		if (exitValue > 128 && exitValue < 128 + 65) {
			return new ExitStatus(-1, exitValue - 128);
		}
		return new ExitStatus(exitValue, 0);
	}

	public boolean killedBySignal() {
		return this.signal != 0;
	}

	@Override
	public String toString() {
		return killedBySignal() ? "signal " + this.signal + " (" + Signals.name(this.signal) + ")" : "code " + this.code;
	}

}
