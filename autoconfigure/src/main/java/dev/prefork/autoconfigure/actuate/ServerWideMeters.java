package dev.prefork.autoconfigure.actuate;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import dev.prefork.autoconfigure.worker.WorkerAgent;
import dev.prefork.core.meter.MeterSample;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.DisposableBean;

/**
 * The whole server's sums of the meters in {@code prefork.server-meters}, read from the master, as
 * {@code prefork.NAME} meters with the original tags: a timer's count and total, its largest recent
 * maximum as {@code prefork.NAME.max}, a counter's count. New tag combinations (a new URI, a new
 * status) are registered every two seconds as the master learns of them.
 */
final class ServerWideMeters implements MeterBinder, DisposableBean {

	private static final long REFRESH_SECONDS = 2;

	private final MasterStatus master;

	private final Set<String> registered = ConcurrentHashMap.newKeySet();

	private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "prefork-server-meters");
		thread.setDaemon(true);
		return thread;
	});

	private List<MeterSample> lastMeters;

	private Map<String, MeterSample> byKey = Map.of();

	private final List<String> names;

	private final WorkerAgent agent;

	ServerWideMeters(MasterStatus master, List<String> names, WorkerAgent agent) {
		this.master = master;
		this.names = List.copyOf(names);
		this.agent = agent;
	}

	/** Reports this worker's meters to the master, and registers the server's sums as they come. */
	@Override
	public void bindTo(MeterRegistry registry) {
		if (this.names.isEmpty()) {
			return;
		}
		WorkerMeterReport report = new WorkerMeterReport(registry, this.names);
		this.agent.reportMetersWith(report, report::baseline);
		this.refresher.scheduleWithFixedDelay(() -> register(registry), 0, REFRESH_SECONDS, TimeUnit.SECONDS);
	}

	@Override
	public void destroy() {
		this.refresher.shutdownNow();
	}

	/** Registers a meter for each of the master's sums not registered yet. */
	void register(MeterRegistry registry) {
		for (MeterSample meter : current().values()) {
			String key = meter.key();
			if (!this.registered.add(key)) {
				continue;
			}
			String name = "prefork." + meter.name();
			Tags tags = Tags.empty();
			for (Map.Entry<String, String> tag : meter.tags().entrySet()) {
				tags = tags.and(tag.getKey(), tag.getValue());
			}
			if (MeterSample.TIMER.equals(meter.type())) {
				FunctionTimer
					.builder(name, this, (m) -> (long) m.figure(key, MeterSample::count),
							(m) -> m.figure(key, MeterSample::totalSeconds), TimeUnit.SECONDS)
					.tags(tags)
					.description("Sum over every worker of the server, read from the master")
					.register(registry);
				TimeGauge.builder(name + ".max", this, TimeUnit.SECONDS, (m) -> m.figure(key, MeterSample::maxSeconds))
					.tags(tags)
					.description("Largest recent maximum of the live workers, read from the master")
					.register(registry);
			}
			else {
				FunctionCounter.builder(name, this, (m) -> m.figure(key, MeterSample::count))
					.tags(tags)
					.description("Sum over every worker of the server, read from the master")
					.register(registry);
			}
		}
	}

	private double figure(String key, ToDoubleFunction<MeterSample> figure) {
		MeterSample meter = current().get(key);
		return (meter != null) ? figure.applyAsDouble(meter) : Double.NaN;
	}

	private synchronized Map<String, MeterSample> current() {
		List<MeterSample> meters = this.master.meters();
		if (meters != null && meters != this.lastMeters) {
			Map<String, MeterSample> map = new HashMap<>();
			for (MeterSample meter : meters) {
				map.put(meter.key(), meter);
			}
			this.byKey = map;
			this.lastMeters = meters;
		}
		return (meters != null) ? this.byKey : Map.of();
	}

}
