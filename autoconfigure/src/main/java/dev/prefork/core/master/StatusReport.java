package dev.prefork.core.master;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.prefork.core.arbiter.Arbiter;
import dev.prefork.core.arbiter.WorkerHandle;
import dev.prefork.core.arbiter.WorkerState;
import dev.prefork.core.control.Json;

/**
 * The master's answer to {@code status} on the control socket: its own figures and each worker's,
 * from the arbiter's handles, as one JSON object.
 */
final class StatusReport {

	private StatusReport() {
	}

	/**
	 * The answer to {@code status}.
	 * @param acceptQueue connections waiting in the listening socket's accept queue, -1 when unknown
	 * @param backlog the accept queue's length as the kernel keeps it
	 */
	static String json(Arbiter arbiter, Instant startedAt, String listen, int acceptQueue, int backlog, boolean probing,
			String classCache) {
		long now = System.nanoTime();
		Map<String, Object> master = new LinkedHashMap<>();
		master.put("pid", ProcessHandle.current().pid());
		master.put("started", startedAt.toString());
		master.put("uptime_seconds", Duration.between(startedAt, Instant.now()).toMillis() / 1000.0);
		master.put("listen", listen);
		master.put("accept_queue", (acceptQueue >= 0) ? acceptQueue : null);
		master.put("backlog", backlog);
		master.put("generation", arbiter.generation());
		master.put("target_workers", arbiter.target());
		master.put("live_workers", arbiter.workers().size());
		master.put("reloading", arbiter.reloading() || probing);
		master.put("idle", arbiter.idle());
		master.put("stopping", arbiter.stopping());
		master.put("class_cache", classCache);
		List<Object> workers = new ArrayList<>();
		for (WorkerHandle worker : arbiter.workers()) {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("id", worker.slot());
			entry.put("pid", worker.pid());
			entry.put("generation", worker.generation());
			entry.put("state", (worker.recycling() && worker.state() == WorkerState.READY) ? "retiring"
					: worker.state().name().toLowerCase(Locale.ROOT));
			entry.put("age_seconds", (now - worker.spawnedAt()) / 1e9);
			entry.put("boot_seconds", (worker.bootSeconds() < 0) ? null : worker.bootSeconds());
			entry.put("warm", worker.warm());
			entry.put("slow_start_seconds", (worker.slowStartSeconds() < 0) ? null : worker.slowStartSeconds());
			entry.put("requests", worker.requestsServed());
			long resident = MemoryWatch.residentBytes(worker.pid());
			entry.put("memory_bytes", (resident > 0) ? resident : null);
			entry.put("last_heartbeat_seconds_ago",
					(worker.lastHeartbeat() == 0) ? null : (now - worker.lastHeartbeat()) / 1e9);
			workers.add(entry);
		}
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("ok", true);
		answer.put("master", master);
		answer.put("workers", workers);
		answer.put("figures", arbiter.figures().toMap());
		return Json.write(answer);
	}

}
