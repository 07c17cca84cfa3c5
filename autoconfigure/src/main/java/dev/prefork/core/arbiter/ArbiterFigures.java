package dev.prefork.core.arbiter;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the arbiter counts over the master's life, for metrics: worker restarts by reason, worker boot
 * times, reloads. The master reads them on the
 * arbiter's own thread.
 */
public final class ArbiterFigures {

	/** Why workers are replaced or stopped, as metrics tag them. */
	public static final List<String> RESTART_REASONS = Arrays.stream(RestartReason.values())
		.map(RestartReason::tag)
		.toList();

	private final Map<String, Long> restarts = new LinkedHashMap<>();

	private long boots;

	private double bootSecondsTotal;

	private double bootSecondsMax;

	private long reloadsCompleted;

	private long reloadsFailed;

	ArbiterFigures() {
		RESTART_REASONS.forEach((reason) -> this.restarts.put(reason, 0L));
	}

	void restart(RestartReason reason) {
		this.restarts.merge(reason.tag(), 1L, Long::sum);
	}

	void booted(double seconds) {
		this.boots++;
		this.bootSecondsTotal += seconds;
		this.bootSecondsMax = Math.max(this.bootSecondsMax, seconds);
	}

	void reloaded(boolean completed) {
		if (completed) {
			this.reloadsCompleted++;
		}
		else {
			this.reloadsFailed++;
		}
	}

	/** Workers replaced or stopped, by reason's tag, every reason included. */
	public Map<String, Long> restarts() {
		return Collections.unmodifiableMap(new LinkedHashMap<>(this.restarts));
	}

	/** Workers that became ready. */
	public long boots() {
		return this.boots;
	}

	/** Their boot times, summed. */
	public double bootSecondsTotal() {
		return this.bootSecondsTotal;
	}

	/** The longest boot. */
	public double bootSecondsMax() {
		return this.bootSecondsMax;
	}

	/** Reloads that completed. */
	public long reloadsCompleted() {
		return this.reloadsCompleted;
	}

	/** Reloads rolled back. */
	public long reloadsFailed() {
		return this.reloadsFailed;
	}

}
