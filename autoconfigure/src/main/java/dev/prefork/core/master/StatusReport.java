package dev.prefork.core.master;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.prefork.core.arbiter.Arbiter;
import dev.prefork.core.arbiter.ArbiterFigures;
import dev.prefork.core.arbiter.WorkerHandle;
import dev.prefork.core.arbiter.WorkerState;
import dev.prefork.core.control.Json;
import dev.prefork.core.control.ServerStatus;

/**
 * The master's answer to {@code status} on the control socket: a {@link ServerStatus} of its own
 * figures and each worker's, from the arbiter's handles, as one JSON object.
 */
final class StatusReport {

	private StatusReport() {
	}

	/**
	 * The answer to {@code status}.
	 * @param acceptQueue connections waiting in the listening socket's accept queue, -1 when unknown
	 * @param backlog the accept queue's length as the kernel keeps it
	 */
	static String json(Arbiter arbiter, Instant startedAt, String listen, int acceptQueue, int backlog,
			String classCache) {
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("ok", true);
		answer.putAll(status(arbiter, startedAt, listen, acceptQueue, backlog, classCache).toMap());
		return Json.write(answer);
	}

	static ServerStatus status(Arbiter arbiter, Instant startedAt, String listen, int acceptQueue, int backlog,
			String classCache) {
		long now = System.nanoTime();
		ServerStatus.Master master = new ServerStatus.Master(ProcessHandle.current().pid(), startedAt.toString(),
				Duration.between(startedAt, Instant.now()).toMillis() / 1000.0, listen,
				(acceptQueue >= 0) ? acceptQueue : null, backlog, arbiter.generation(), arbiter.target(),
				arbiter.workers().size(), arbiter.reloading(), arbiter.idle(), arbiter.stopping(), classCache);
		List<ServerStatus.Worker> workers = new ArrayList<>();
		for (WorkerHandle worker : arbiter.workers()) {
			long resident = MemoryWatch.residentBytes(worker.pid());
			workers.add(new ServerStatus.Worker(worker.slot(), worker.pid(), worker.generation(),
					(worker.recycling() && worker.state() == WorkerState.READY) ? "retiring"
							: worker.state().name().toLowerCase(Locale.ROOT),
					(now - worker.spawnedAt()) / 1e9, (worker.bootSeconds() < 0) ? null : worker.bootSeconds(),
					worker.warm(), (worker.slowStartSeconds() < 0) ? null : worker.slowStartSeconds(),
					worker.requestsServed(), (resident > 0) ? resident : null,
					(worker.lastHeartbeat() == 0) ? null : (now - worker.lastHeartbeat()) / 1e9));
		}
		ArbiterFigures figures = arbiter.figures();
		return new ServerStatus(master, workers, new ServerStatus.Figures(figures.restarts(), figures.boots(),
				figures.bootSecondsTotal(), figures.bootSecondsMax(), figures.reloadsCompleted(), figures.reloadsFailed()));
	}

}
