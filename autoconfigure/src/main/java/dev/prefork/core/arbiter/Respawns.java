package dev.prefork.core.arbiter;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * The slots waiting for a worker, each with the time it is due, lowest slot first; and the backoff
 * that spaces the respawns of a slot whose workers keep dying right after boot.
 */
final class Respawns {

	private final TreeMap<Integer, Long> due = new TreeMap<>();

	private final RespawnBackoff backoff = new RespawnBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30));

	/** Waits a slot for a worker from a time on. */
	void schedule(int slot, long at) {
		this.due.put(slot, at);
	}

	boolean scheduled(int slot) {
		return this.due.containsKey(slot);
	}

	void cancel(int slot) {
		this.due.remove(slot);
	}

	void clear() {
		this.due.clear();
	}

	/**
	 * Takes every waiting slot, due or not: the first generation gives each its attempt at once.
	 * @return the slots, lowest first
	 */
	int[] takeAll() {
		int[] slots = this.due.keySet().stream().mapToInt(Integer::intValue).toArray();
		this.due.clear();
		return slots;
	}

	/**
	 * Takes the lowest slot that is due.
	 * @param now the arbiter's clock
	 * @return the slot, or empty when none is due
	 */
	OptionalInt takeDue(long now) {
		for (Map.Entry<Integer, Long> entry : this.due.entrySet()) {
			if (entry.getValue() <= now) {
				this.due.remove(entry.getKey());
				return OptionalInt.of(entry.getKey());
			}
		}
		return OptionalInt.empty();
	}

	/**
	 * Records a death in a slot and says how long its respawn waits.
	 * @param slot the slot
	 * @param servedNanos how long its worker served since ready, -1 if it never was
	 * @param minUptime how long a worker must have served to count as healthy
	 * @return the delay, zero after a worker that had been healthy
	 */
	Duration died(int slot, long servedNanos, Duration minUptime) {
		return this.backoff.died(slot, servedNanos, minUptime);
	}

	/** How many workers of a slot died in a row within the minimum uptime. */
	int streak(int slot) {
		return this.backoff.streak(slot);
	}

}
