package dev.prefork.core.arbiter;

import java.util.List;

/**
 * A reload under way: what to go back to if it fails, whom to retire once it succeeds, and whether
 * its new generation reported the settings it binds to yet.
 */
final class Reload {

	private final ArbiterSettings settings;

	private final int target;

	private final List<WorkerHandle> old;

	private final long startedAt;

	private boolean adopted;

	/**
	 * @param settings the settings before the reload, restored by a roll-back
	 * @param target the worker count before the reload
	 * @param old the workers of the generation that serves until the new one is warm
	 * @param startedAt the arbiter's clock at the start
	 */
	Reload(ArbiterSettings settings, int target, List<WorkerHandle> old, long startedAt) {
		this.settings = settings;
		this.target = target;
		this.old = List.copyOf(old);
		this.startedAt = startedAt;
	}

	ArbiterSettings settings() {
		return this.settings;
	}

	int target() {
		return this.target;
	}

	List<WorkerHandle> old() {
		return this.old;
	}

	long startedAt() {
		return this.startedAt;
	}

	/** Whether the new generation's settings were taken from its first report. */
	boolean adopted() {
		return this.adopted;
	}

	void adopted(boolean adopted) {
		this.adopted = adopted;
	}

}
