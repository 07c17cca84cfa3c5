package dev.prefork.autoconfigure.actuate;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import dev.prefork.core.arbiter.ArbiterFigures;
import dev.prefork.core.control.ServerStatus;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The whole server's figures as Micrometer meters in every worker, read from the master: scraping
 * any worker gives the same, the master's, never one worker's view. Worker-side web metrics
 * are summed separately, by {@link ServerWideMeters}.
 */
final class PreforkMetrics implements MeterBinder {

	private static final List<String> STATES = List.of("booting", "ready", "retiring", "stopping");

	private final MasterStatus master;

	PreforkMetrics(MasterStatus master) {
		this.master = master;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (String state : STATES) {
			Gauge.builder("prefork.workers", this.master, (m) -> m.number((status) -> status.workersIn(state)))
				.tag("state", state)
				.description("Workers of the whole server, by state")
				.register(registry);
		}
		Gauge.builder("prefork.workers.target", this.master, (m) -> m.number((status) -> status.master().targetWorkers()))
			.description("Workers the master keeps")
			.register(registry);
		Gauge.builder("prefork.listen.queue", this.master, (m) -> m.number((status) -> status.master().acceptQueue()))
			.description("Connections waiting in the listening socket's accept queue: accepted by the kernel, not yet "
					+ "by a worker (Gunicorn's backlog metric); none on a Unix-domain socket")
			.register(registry);
		Gauge.builder("prefork.listen.backlog", this.master, (m) -> m.number((status) -> status.master().backlog()))
			.description("Length of the accept queue, prefork.backlog capped by net.core.somaxconn")
			.register(registry);
		for (String reason : ArbiterFigures.RESTART_REASONS) {
			FunctionCounter.builder("prefork.worker.restarts", this.master,
					(m) -> m.number((status) -> status.figures().restarts().get(reason)))
				.tag("reason", reason)
				.description("Workers replaced or stopped, by reason")
				.register(registry);
		}
		FunctionTimer
			.builder("prefork.worker.boot", this.master, (m) -> (long) m.number((status) -> status.figures().boots()),
					(m) -> m.number((status) -> status.figures().bootSecondsTotal()), TimeUnit.SECONDS)
			.description("Time from spawn to ready of the workers")
			.register(registry);
		Map<String, Function<ServerStatus.Figures, Number>> reloads = Map.of("completed",
				ServerStatus.Figures::reloadsCompleted, "failed", ServerStatus.Figures::reloadsFailed);
		reloads.forEach((result, count) -> FunctionCounter
			.builder("prefork.reloads", this.master, (m) -> m.number((status) -> count.apply(status.figures())))
			.tag("result", result)
			.description("Reloads (HUP), by result")
			.register(registry));
	}

}
