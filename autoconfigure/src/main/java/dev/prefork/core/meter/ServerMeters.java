package dev.prefork.core.meter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole server's web metrics, in the master: the latest report of each live worker plus what the
 * workers that exited had counted, so that a sum never goes down when a worker is replaced. Counts
 * and total times add up; a timer's maximum is the largest of the live workers'.
 */
public final class ServerMeters {

	private final Map<Object, Map<String, MeterSample>> live = new HashMap<>();

	private final Map<String, MeterSample> gone = new LinkedHashMap<>();

	/**
	 * Keeps a worker's latest report, which replaces its previous one: reports are cumulative.
	 * @param worker the worker, as the master knows it
	 * @param samples what it reported
	 */
	public synchronized void report(Object worker, List<MeterSample> samples) {
		Map<String, MeterSample> latest = new LinkedHashMap<>();
		for (MeterSample sample : samples) {
			latest.put(sample.key(), sample);
		}
		this.live.put(worker, latest);
	}

	/** Folds an exited worker's last report into the totals of the workers that are gone. */
	public synchronized void exited(Object worker) {
		Map<String, MeterSample> last = this.live.remove(worker);
		if (last != null) {
			for (MeterSample sample : last.values()) {
				this.gone.merge(sample.key(), new MeterSample(sample.name(), sample.type(), sample.tags(), sample.count(),
						sample.totalSeconds(), 0), ServerMeters::add);
			}
		}
	}

	/** The sums over every worker, live or gone, one sample a meter. */
	public synchronized List<MeterSample> sums() {
		Map<String, MeterSample> sums = new LinkedHashMap<>(this.gone);
		for (Map<String, MeterSample> worker : this.live.values()) {
			for (MeterSample sample : worker.values()) {
				sums.merge(sample.key(), sample, ServerMeters::add);
			}
		}
		return new ArrayList<>(sums.values());
	}

	private static MeterSample add(MeterSample a, MeterSample b) {
		return new MeterSample(a.name(), a.type(), a.tags(), a.count() + b.count(), a.totalSeconds() + b.totalSeconds(),
				Math.max(a.maxSeconds(), b.maxSeconds()));
	}

}
