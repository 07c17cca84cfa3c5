package dev.prefork.autoconfigure.actuate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.prefork.core.meter.MeterSample;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;

/**
 * This worker's cumulative figures of the meters named in {@code prefork.server-meters}, as the
 * lines the worker sends its master with its heartbeats, less what the warm-up pass served.
 */
final class WorkerMeterReport implements Supplier<String> {

	private final MeterRegistry registry;

	private final List<String> names;

	private volatile Map<String, MeterSample> baseline = Map.of();

	WorkerMeterReport(MeterRegistry registry, List<String> names) {
		this.registry = registry;
		this.names = List.copyOf(names);
	}

	/** Counts from now on: the warm-up pass's requests are not the application's traffic. */
	void baseline() {
		Map<String, MeterSample> now = new HashMap<>();
		for (MeterSample sample : samples()) {
			now.put(sample.key(), sample);
		}
		this.baseline = now;
	}

	@Override
	public String get() {
		List<MeterSample> report = new ArrayList<>();
		for (MeterSample sample : samples()) {
			MeterSample before = this.baseline.get(sample.key());
			if (before == null) {
				report.add(sample);
			}
			else if (sample.count() > before.count()) {
				report.add(new MeterSample(sample.name(), sample.type(), sample.tags(), sample.count() - before.count(),
						sample.totalSeconds() - before.totalSeconds(), sample.maxSeconds()));
			}
		}
		return MeterSample.encodeAll(report);
	}

	private List<MeterSample> samples() {
		List<MeterSample> samples = new ArrayList<>();
		for (String name : this.names) {
			for (Meter meter : this.registry.find(name).meters()) {
				MeterSample sample = sample(meter);
				if (sample != null) {
					samples.add(sample);
				}
			}
		}
		return samples;
	}

	private static MeterSample sample(Meter meter) {
		SortedMap<String, String> tags = new TreeMap<>();
		for (Tag tag : meter.getId().getTags()) {
			tags.put(tag.getKey(), tag.getValue());
		}
		String name = meter.getId().getName();
		if (meter instanceof Timer timer) {
			return new MeterSample(name, MeterSample.TIMER, tags, timer.count(), timer.totalTime(TimeUnit.SECONDS),
					timer.max(TimeUnit.SECONDS));
		}
		if (meter instanceof FunctionTimer timer) {
			return new MeterSample(name, MeterSample.TIMER, tags, timer.count(), timer.totalTime(TimeUnit.SECONDS), 0);
		}
		if (meter instanceof Counter counter) {
			return new MeterSample(name, MeterSample.COUNTER, tags, counter.count(), 0, 0);
		}
		if (meter instanceof FunctionCounter counter) {
			return new MeterSample(name, MeterSample.COUNTER, tags, counter.count(), 0, 0);
		}
		return null;
	}

}
