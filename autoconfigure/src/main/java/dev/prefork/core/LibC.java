package dev.prefork.core;

import jnr.ffi.LastError;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.SaveError;

/**
 * The C library calls the master and its workers make on descriptors and processes, bound once
 * through jnr-ffi. A handful of functions instead of jnr-posix's binding of the whole library, which
 * cost a JVM about 20 MB more to generate and keep, and 2 s on a busy worker at its first use.
 */
public interface LibC {

	/** The C library, loaded on first use; a JVM without jnr-ffi's native stub fails here. */
	LibC INSTANCE = LibraryLoader.create(LibC.class).load("c");

	/**
	 * The {@code errno} of this thread's last call made through {@link #INSTANCE}.
	 * @return the error number
	 */
	static int errno() {
		return LastError.getLastError(Runtime.getRuntime(INSTANCE));
	}

	@SaveError
	int dup(int fd);

	@SaveError
	int dup2(int oldFd, int newFd);

	@SaveError
	int close(int fd);

	@SaveError
	int kill(int pid, int signal);

	int getpid();

}
