package dev.prefork.core.arbiter;

import java.util.Arrays;
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

	/** The figures, as the control socket's status carries them. */
	public Map<String, Object> toMap() {
		Map<String, Object> boot = new LinkedHashMap<>();
		boot.put("count", this.boots);
		boot.put("total_seconds", this.bootSecondsTotal);
		boot.put("max_seconds", this.bootSecondsMax);
		Map<String, Object> reloads = new LinkedHashMap<>();
		reloads.put("completed", this.reloadsCompleted);
		reloads.put("failed", this.reloadsFailed);
		Map<String, Object> figures = new LinkedHashMap<>();
		figures.put("restarts", new LinkedHashMap<>(this.restarts));
		figures.put("boot", boot);
		figures.put("reloads", reloads);
		return figures;
	}

}
