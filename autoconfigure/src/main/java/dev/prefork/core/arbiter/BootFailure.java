package dev.prefork.core.arbiter;

/**
 * Reads the root cause out of the stack trace text that a worker sends when it fails to boot.
 */
final class BootFailure {

	private BootFailure() {
	}

	/**
	 * Returns the first line of the last {@code Caused by:} of a stack trace, or its first line.
	 * @param stackTrace a stack trace as {@link Throwable#printStackTrace()} writes it
	 * @return the root cause, in one line
	 */
	static String rootCause(String stackTrace) {
		String root = stackTrace.lines().findFirst().orElse("").strip();
		for (String line : stackTrace.lines().toList()) {
			String stripped = line.strip();
			if (stripped.startsWith("Caused by: ")) {
				root = stripped.substring("Caused by: ".length());
			}
		}
		return root;
	}

}
