package dev.prefork.core.arbiter;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * How long to wait before refilling a slot whose worker died, so that a worker that crashes right
 * after boot is never respawned in a hot loop. A worker that served for at least the minimum uptime
 * resets its slot's streak and is replaced at once; each short-lived one doubles the wait, up to
 * {@code max}.
 */
final class RespawnBackoff {

	private final Duration first;

	private final Duration max;

	private final Map<Integer, Integer> streaks = new HashMap<>();

	RespawnBackoff(Duration first, Duration max) {
		this.first = first;
		this.max = max;
	}

	/**
	 * Records a worker's death and returns how long to wait before respawning its slot.
	 * @param slot the worker's slot
	 * @param servedNanos how long it served since it was ready, or -1 if it never was
	 * @param minUptime how long a worker must have served to count as healthy
	 * @return the delay, zero for a worker that had been healthy
	 */
	Duration died(int slot, long servedNanos, Duration minUptime) {
		if (servedNanos >= minUptime.toNanos()) {
			this.streaks.remove(slot);
			return Duration.ZERO;
		}
		int streak = this.streaks.merge(slot, 1, Integer::sum);
		Duration delay = this.first.multipliedBy(1L << Math.min(streak - 1, 20));
		return (delay.compareTo(this.max) > 0) ? this.max : delay;
	}

	int streak(int slot) {
		return this.streaks.getOrDefault(slot, 0);
	}

}
