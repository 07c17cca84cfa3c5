package dev.prefork.autoconfigure.diagnostics;

/**
 * The master cannot run here: it needs Linux's {@code /proc} and native C library calls (jnr-ffi) to
 * hand its socket to workers.
 */
public class UnsupportedPlatformException extends RuntimeException {

	public UnsupportedPlatformException(String message) {
		super(message);
	}

	/**
	 * Checks that this platform can run a master.
	 * @throws UnsupportedPlatformException if it cannot
	 */
	public static void check() {
		if (!java.nio.file.Files.isDirectory(java.nio.file.Path.of("/proc/self/fd"))) {
			throw new UnsupportedPlatformException("prefork needs Linux's /proc to find and hand over the listening "
					+ "socket; this is " + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
		}
		try {
			dev.prefork.core.LibC.INSTANCE.getpid();
		}
		catch (LinkageError | RuntimeException ex) {
			throw new UnsupportedPlatformException("prefork needs native C library calls (jnr-ffi with its jffi native "
					+ "library) to hand the listening socket to workers, and they could not be loaded on "
					+ System.getProperty("os.name") + " " + System.getProperty("os.arch") + ": " + ex);
		}
	}

}
