package dev.prefork.autoconfigure.actuate;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.prefork.autoconfigure.worker.WorkerAgent;
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

	private List<Map<String, Object>> lastMeters;

	private Map<String, Map<String, Object>> byKey = Map.of();

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
	@SuppressWarnings("unchecked")
	void register(MeterRegistry registry) {
		for (Map<String, Object> meter : current().values()) {
			String key = key(meter);
			if (!this.registered.add(key)) {
				continue;
			}
			String name = "prefork." + meter.get("name");
			Tags tags = Tags.empty();
			for (Map.Entry<String, Object> tag : ((Map<String, Object>) meter.get("tags")).entrySet()) {
				tags = tags.and(tag.getKey(), String.valueOf(tag.getValue()));
			}
			if ("timer".equals(meter.get("type"))) {
				FunctionTimer
					.builder(name, this, (m) -> (long) m.figure(key, "count"), (m) -> m.figure(key, "total_seconds"),
							TimeUnit.SECONDS)
					.tags(tags)
					.description("Sum over every worker of the server, read from the master")
					.register(registry);
				TimeGauge.builder(name + ".max", this, TimeUnit.SECONDS, (m) -> m.figure(key, "max_seconds"))
					.tags(tags)
					.description("Largest recent maximum of the live workers, read from the master")
					.register(registry);
			}
			else {
				FunctionCounter.builder(name, this, (m) -> m.figure(key, "count"))
					.tags(tags)
					.description("Sum over every worker of the server, read from the master")
					.register(registry);
			}
		}
	}

	private double figure(String key, String field) {
		Map<String, Object> meter = current().get(key);
		return (meter != null && meter.get(field) instanceof Number number) ? number.doubleValue() : Double.NaN;
	}

	private synchronized Map<String, Map<String, Object>> current() {
		List<Map<String, Object>> meters = this.master.meters();
		if (meters != null && meters != this.lastMeters) {
			Map<String, Map<String, Object>> map = new HashMap<>();
			for (Map<String, Object> meter : meters) {
				map.put(key(meter), meter);
			}
			this.byKey = map;
			this.lastMeters = meters;
		}
		return (meters != null) ? this.byKey : Map.of();
	}

	private static String key(Map<String, Object> meter) {
		return meter.get("name") + " " + meter.get("type") + " " + meter.get("tags");
	}

}
