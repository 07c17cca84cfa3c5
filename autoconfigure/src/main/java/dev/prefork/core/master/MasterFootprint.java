package dev.prefork.core.master;

import java.lang.management.ManagementFactory;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import dev.prefork.core.NativeHeap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives back to the system the memory the master needed only to start: a full collection after
 * which the heap may shrink to what is live, then glibc's trim of the native memory freed since.
 * The master's JVM is small ({@link MasterJvm}) or the application's, sized for serving; either way
 * the master itself keeps little.
 */
final class MasterFootprint {

	private static final Logger logger = LoggerFactory.getLogger(MasterFootprint.class);

	private static final int SERIAL_SHRINKING_COLLECTIONS = 4;

	private MasterFootprint() {
	}

	/**
	 * Collects, shrinks the heap and trims the native heap; each step that is not available is
	 * skipped. G1 gives the freed regions back in the background, within a second or so. The serial
	 * collector (the small master's) damps shrinking: it gives back none of the free space on the first
	 * of consecutive full collections, 10% on the second, 40% on the third and all on the fourth, so
	 * it gets four, a few milliseconds each for the master's heap.
	 */
	static void shrink() {
		shrinkHeapAfterCollections();
		int collections = serialCollector() ? SERIAL_SHRINKING_COLLECTIONS : 1;
		for (int i = 0; i < collections; i++) {
			System.gc();
		}
		trimNativeHeap();
	}

	private static boolean serialCollector() {
		try {
			HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
			return "true".equals(hotspot.getVMOption("UseSerialGC").getValue());
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	/**
	 * Lowers the free-heap ratios a full collection keeps (manageable flags), unless the master's
	 * command line set them: by default a collection keeps up to 70% of the heap free.
	 */
	private static void shrinkHeapAfterCollections() {
		try {
			HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
			if (defaulted(hotspot, "MinHeapFreeRatio") && defaulted(hotspot, "MaxHeapFreeRatio")) {
				// the minimum first: the maximum may never fall below it
				hotspot.setVMOption("MinHeapFreeRatio", "5");
				hotspot.setVMOption("MaxHeapFreeRatio", "10");
			}
		}
		catch (RuntimeException ex) {
			logger.debug("Could not lower the heap's free ratios: {}", ex.toString());
		}
	}

	private static boolean defaulted(HotSpotDiagnosticMXBean hotspot, String flag) {
		return hotspot.getVMOption(flag).getOrigin() == VMOption.Origin.DEFAULT;
	}

	/**
	 * Returns the native memory freed since the last call: glibc keeps freed memory in its arenas,
	 * and {@code malloc_trim(0)} gives it back (absent on musl, where this does nothing). It took
	 * well under a millisecond in a measurement, so the master calls it every 15 seconds: its churn
	 * under load (its JIT, status and meter messages) grows those arenas by up to 10 MB between two
	 * trims a minute apart.
	 */
	static void trimNativeHeap() {
		if (!NativeHeap.trim()) {
			logger.debug("Could not trim the native heap: the C library has no malloc_trim");
		}
	}

}
