package dev.prefork.core.signal;

import java.util.List;

import dev.prefork.core.LibC;

/**
 * Blocks and unblocks signals for the calling thread. The master blocks the signals it handles
 * before it re-executes itself: the new process keeps the mask, threads inherit it from the thread
 * that starts them, and HotSpot unblocks only the signals it uses itself, so those signals wait as
 * pending until the new JVM's handlers exist instead of getting their default action.
 */
public final class SignalMask {

	private static final int SIG_BLOCK = 0;

	private static final int SIG_UNBLOCK = 1;

	/** glibc's {@code sigset_t}: 1024 bits. */
	private static final int SET_LONGS = 16;

	private SignalMask() {
	}

	/**
	 * Blocks signals for the calling thread.
	 * @param names signal names without SIG
	 */
	public static void block(List<String> names) {
		change(SIG_BLOCK, names);
	}

	/**
	 * Unblocks signals for the calling thread; those pending are delivered now.
	 * @param names signal names without SIG
	 */
	public static void unblock(List<String> names) {
		change(SIG_UNBLOCK, names);
	}

	/**
	 * Which of the given signals the calling thread blocks.
	 * @param names signal names without SIG
	 * @return those blocked, in the order given
	 */
	static List<String> blocked(List<String> names) {
		long[] current = new long[SET_LONGS];
		LibC.INSTANCE.pthread_sigmask(SIG_BLOCK, null, current);
		return names.stream().filter((name) -> contains(current, IgnoredSignals.number(name))).toList();
	}

	private static void change(int how, List<String> names) {
		int error = LibC.INSTANCE.pthread_sigmask(how, set(names), null);
		if (error != 0) {
			throw new IllegalStateException("pthread_sigmask failed with error " + error);
		}
	}

	static long[] set(List<String> names) {
		long[] set = new long[SET_LONGS];
		for (String name : names) {
			int bit = IgnoredSignals.number(name) - 1;
			set[bit / Long.SIZE] |= 1L << (bit % Long.SIZE);
		}
		return set;
	}

	static boolean contains(long[] set, int signal) {
		int bit = signal - 1;
		return (set[bit / Long.SIZE] & (1L << (bit % Long.SIZE))) != 0;
	}

}
