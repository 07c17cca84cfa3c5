package dev.prefork.core.spawn;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Heap options a platform put in {@code JAVA_TOOL_OPTIONS} for one JVM that has the whole container
 * to itself, which every worker would inherit. Cloud Native Buildpacks (Spring Boot's
 * {@code build-image}) do that: their memory calculator sizes {@code -Xmx} for one JVM at the
 * container's start. The master replaces such a heap with the workers' share.
 *
 * @param options the heap options, as they stand in the variable
 * @param platform who set them, for the log and {@code --prefork.print-config}
 */
public record InheritedHeap(List<String> options, String platform) {

	/** The variable every JVM reads, the workers included. */
	public static final String VARIABLE = "JAVA_TOOL_OPTIONS";

	static final String BUILDPACKS = "Cloud Native Buildpacks' memory calculator";

	/**
	 * Finds the heap a platform sized for one JVM.
	 * @param environment the master's environment
	 * @return the heap options, or null when {@code JAVA_TOOL_OPTIONS} sets none or no platform set it
	 */
	public static InheritedHeap detect(Map<String, String> environment) {
		String value = environment.get(VARIABLE);
		if (value == null || value.isBlank() || !buildpacks(environment, value)) {
			return null;
		}
		List<String> heap = new ArrayList<>();
		for (String option : value.trim().split("\\s+")) {
			if (WorkerSizing.setsHeap(option)) {
				heap.add(option);
			}
		}
		return heap.isEmpty() ? null : new InheritedHeap(List.copyOf(heap), BUILDPACKS);
	}

	/**
	 * Whether a buildpack's launcher set up this process: its variables ({@code BPI_*}, set by the
	 * Paketo helpers, and {@code CNB_*}) or options pointing into its {@code /layers}.
	 */
	private static boolean buildpacks(Map<String, String> environment, String javaToolOptions) {
		return javaToolOptions.contains("/layers/")
				|| environment.keySet().stream().anyMatch((name) -> name.startsWith("BPI_") || name.startsWith("CNB_"));
	}

	/** The maximum heap {@code -Xmx} or {@code -XX:MaxHeapSize} sets, in bytes; 0 when a percentage does. */
	public long maxHeapBytes() {
		return MemoryBudget.maxHeapBytes(this.options);
	}

	/** One line saying what the platform set and what it meant. */
	public String describe() {
		return VARIABLE + " sets " + String.join(" ", this.options) + ": " + this.platform
				+ " sized it for one JVM with the whole container";
	}

}
