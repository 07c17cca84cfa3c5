package dev.prefork.core.worker;

import java.io.IOException;
import java.nio.channels.Channel;

import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;

/**
 * Lets a worker stop accepting on the master's socket without touching the socket itself: closing
 * this process's descriptor wakes a thread blocked in {@code accept()} at once, while the socket and
 * its queue live on in the master and the other workers.
 */
public final class InheritedSocket {

	private InheritedSocket() {
	}

	/**
	 * Loads the native calls {@link #release} makes, ahead of time. jnr-posix generates its binding
	 * of the C library on first use, which took 2 s on a busy worker: that is how long a graceful stop
	 * under load waited before it released the socket. Call it off the critical path, once the
	 * worker serves.
	 */
	public static void prepareRelease() {
		Native.posix();
	}

	/**
	 * Closes this process's inherited channel. The JDK points descriptors 0, 1 and 2 at /dev/null
	 * when it closes an inherited channel; standard output and error are put back, on the same open
	 * file descriptions, so the worker's shutdown logs still reach the master's console or log file.
	 * @return whether there was an inherited channel to close
	 * @throws IOException if it could not be closed
	 */
	public static boolean release() throws IOException {
		Channel channel = System.inheritedChannel();
		if (channel == null || !channel.isOpen()) {
			return false;
		}
		POSIX posix = Native.posix();
		int out = posix.dup(1);
		int err = posix.dup(2);
		try {
			channel.close();
		}
		finally {
			restore(posix, out, 1);
			restore(posix, err, 2);
		}
		return true;
	}

	/** The C library's calls, loaded once. */
	private static final class Native {

		private static final POSIX POSIX = POSIXFactory.getNativePOSIX();

		static POSIX posix() {
			return POSIX;
		}

	}

	private static void restore(POSIX posix, int saved, int fd) {
		if (saved >= 0) {
			posix.dup2(saved, fd);
			posix.close(saved);
		}
	}

}
