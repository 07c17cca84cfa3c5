package dev.prefork.core;

/**
 * glibc's heap: memory that {@code free} returned stays in its arenas until {@code malloc_trim}
 * gives it back to the system. The JVM frees a lot of native memory after its busy phases (class
 * loading, compilation, a collection), so the master and idle workers trim.
 */
public final class NativeHeap {

	private NativeHeap() {
	}

	/**
	 * Gives the free memory of every arena back to the system. Well under a millisecond for the
	 * master, a few milliseconds for a worker after load; absent on musl, where it does nothing.
	 * @return whether the C library had it to call
	 */
	public static boolean trim() {
		try {
			LibC.INSTANCE.malloc_trim(0);
			return true;
		}
		catch (RuntimeException | LinkageError ex) {
			return false;
		}
	}

}
