package dev.prefork.core;

import jnr.ffi.LastError;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;
import jnr.ffi.types.intptr_t;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/**
 * Every C library call the master and its workers make, bound once through jnr-ffi: descriptors,
 * signals, the master's re-execution, the datagram socket of systemd's notifications and glibc's
 * heap trim. A dozen functions instead of jnr-posix's binding of the whole library, which cost a
 * JVM about 20 MB more to generate and keep, and 2 s on a busy worker at its first use. A function
 * the C library lacks ({@code malloc_trim} on musl) throws {@link UnsatisfiedLinkError} when
 * called, not when loaded.
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

	int socket(int domain, int type, int protocol);

	int bind(int fd, @In byte[] address, int length);

	@ssize_t
	long sendto(int fd, @In byte[] buffer, @size_t long length, int flags, @In byte[] address, int addressLength);

	@ssize_t
	long recv(int fd, @Out byte[] buffer, @size_t long length, int flags);

	/**
	 * Replaces this process's program, keeping its pid, its environment and every descriptor not
	 * marked close-on-exec; returns only on failure.
	 * @param path the program
	 * @param argv its arguments, the program's name first
	 * @return -1, with errno set
	 */
	@SaveError
	int execv(String path, @In String[] argv);

	/**
	 * Sets a signal's disposition: the master ignores HUP across its re-execution, and gives the
	 * signals it handles their default disposition back, while they are blocked, before it installs
	 * its handlers ({@code SignalQueue}).
	 * @param signal the signal's number
	 * @param handler {@code SIG_DFL} (0) or {@code SIG_IGN} (1)
	 * @return the previous disposition, or {@code SIG_ERR} (-1)
	 */
	@intptr_t
	long signal(int signal, @intptr_t long handler);

	/**
	 * Blocks or unblocks signals for the calling thread; a re-execution keeps the mask, and the
	 * signals that arrive meanwhile wait as pending.
	 * @param how {@code SIG_BLOCK} (0), {@code SIG_UNBLOCK} (1) or {@code SIG_SETMASK} (2)
	 * @param set the signals, one bit each (signal n is bit n-1), as glibc's 1024-bit {@code sigset_t}
	 * @param old receives the previous mask, or null
	 * @return 0, or an error number
	 */
	int pthread_sigmask(int how, @In long[] set, @Out long[] old);

	/**
	 * Sets a variable in the C library's environment, which a re-execution ({@link #execv}) passes on;
	 * {@link System#getenv()} does not see it.
	 * @param name the name
	 * @param value the value
	 * @param overwrite non-zero to replace a value already set
	 * @return 0, or -1 with errno set
	 */
	@SaveError
	int setenv(String name, String value, int overwrite);

	/**
	 * {@code fcntl} with an integer argument ({@code F_GETFD}, {@code F_SETFD}).
	 * @param fd the descriptor
	 * @param command the command
	 * @param argument its argument
	 * @return the command's result, or -1 with errno set
	 */
	@SaveError
	int fcntl(int fd, int command, int argument);

	/**
	 * Returns free memory at the top of the heap and in every arena to the system (glibc only).
	 * @param pad bytes to leave untrimmed
	 * @return 1 if memory was released
	 */
	int malloc_trim(long pad);

	/**
	 * Waits for a child process to change state.
	 * @param pid the child
	 * @param status where its wait status goes
	 * @param options such as {@code WNOHANG} (1)
	 * @return the child's pid, 0 if it has not changed state (with {@code WNOHANG}), or -1 with errno set
	 */
	@SaveError
	int waitpid(int pid, @Out int[] status, int options);

}
