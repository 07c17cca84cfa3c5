package dev.prefork.core.worker;

import java.io.IOException;
import java.nio.channels.Channel;

import dev.prefork.core.LibC;

/**
 * Lets a worker stop accepting on the master's socket without touching the socket itself: closing
 * this process's descriptor wakes a thread blocked in {@code accept()} at once, while the socket and
 * its queue live on in the master and the other workers.
 */
public final class InheritedSocket {

	private InheritedSocket() {
	}

	/**
	 * Loads the native calls {@link #release} makes, ahead of time. jnr-ffi generates its binding of
	 * the C library on first use: with jnr-posix's whole binding that took 2 s on a busy worker, which
	 * is how long a graceful stop under load waited before it released the socket. Call it off the
	 * critical path, once the worker serves.
	 */
	public static void prepareRelease() {
		LibC.INSTANCE.getpid();
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
		LibC libc = LibC.INSTANCE;
		int out = libc.dup(1);
		int err = libc.dup(2);
		try {
			channel.close();
		}
		finally {
			restore(libc, out, 1);
			restore(libc, err, 2);
		}
		return true;
	}

	private static void restore(LibC libc, int saved, int fd) {
		if (saved >= 0) {
			libc.dup2(saved, fd);
			libc.close(saved);
		}
	}

}
