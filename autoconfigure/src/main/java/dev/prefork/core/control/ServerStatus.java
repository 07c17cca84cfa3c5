package dev.prefork.core.control;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The master's answer to {@code status}: itself, each live worker, and what it counted. The master
 * writes it ({@link #toMap()}, then {@link Json}); the CLI, the endpoint, the health contributor and
 * the meters read it back ({@link #from(Map)}) from whatever JSON parser they have. The JSON names
 * live here only.
 *
 * @param master the master's own figures
 * @param workers the live workers, oldest first
 * @param figures what the master counted over its life
 */
public record ServerStatus(Master master, List<Worker> workers, Figures figures) {

	/**
	 * The master.
	 *
	 * @param pid its pid
	 * @param started when it started, ISO-8601
	 * @param uptimeSeconds for how long it runs
	 * @param listen its listening address, as {@code host:port} or {@code unix:/path}
	 * @param acceptQueue connections waiting in the accept queue, or null when it cannot be read
	 * @param backlog the accept queue's length
	 * @param generation the workers' generation it serves with
	 * @param targetWorkers how many workers it keeps
	 * @param liveWorkers how many worker processes live
	 * @param reloading whether a reload is under way
	 * @param idle whether its workers are stopped (WINCH)
	 * @param stopping whether it is stopping
	 * @param classCache the class cache's state and folder, or null
	 */
	public record Master(long pid, String started, double uptimeSeconds, String listen, Integer acceptQueue,
			int backlog, int generation, int targetWorkers, int liveWorkers, boolean reloading, boolean idle,
			boolean stopping, String classCache) {

		/** This master with the class cache's state alone, without the folder it names. */
		public Master withoutPaths() {
			String cache = this.classCache;
			int colon = (cache != null) ? cache.indexOf(':') : -1;
			return new Master(this.pid, this.started, this.uptimeSeconds, this.listen, this.acceptQueue, this.backlog,
					this.generation, this.targetWorkers, this.liveWorkers, this.reloading, this.idle, this.stopping,
					(colon > 0) ? cache.substring(0, colon) : cache);
		}

	}

	/**
	 * One live worker.
	 *
	 * @param id its slot
	 * @param pid its pid
	 * @param generation its generation
	 * @param state {@code booting}, {@code ready}, {@code retiring} or {@code stopping}
	 * @param ageSeconds since its spawn
	 * @param bootSeconds from spawn to ready, or null while it boots
	 * @param warm whether its slow start is over
	 * @param slowStartSeconds how long its slow start took, or null
	 * @param requests requests it served
	 * @param memoryBytes its resident memory, or null when unknown
	 * @param lastHeartbeatSecondsAgo since its last heartbeat, or null before the first
	 */
	public record Worker(int id, long pid, int generation, String state, double ageSeconds, Double bootSeconds,
			boolean warm, Double slowStartSeconds, long requests, Long memoryBytes, Double lastHeartbeatSecondsAgo) {

		/** Its state, and {@code warming} for a ready worker whose slow start is not over. */
		public String shownState() {
			return ("ready".equals(this.state) && !this.warm) ? "warming" : this.state;
		}

	}

	/**
	 * What the master counted over its life.
	 *
	 * @param restarts workers replaced or stopped, by reason's tag
	 * @param boots workers that became ready
	 * @param bootSecondsTotal their boot times, summed
	 * @param bootSecondsMax the longest boot
	 * @param reloadsCompleted reloads that completed
	 * @param reloadsFailed reloads rolled back
	 */
	public record Figures(Map<String, Long> restarts, long boots, double bootSecondsTotal, double bootSecondsMax,
			long reloadsCompleted, long reloadsFailed) {

		public Figures {
			restarts = Collections.unmodifiableMap(new LinkedHashMap<>(restarts));
		}

	}

	public ServerStatus {
		workers = List.copyOf(workers);
	}

	/** How many live workers are in a state. */
	public long workersIn(String state) {
		return this.workers.stream().filter((worker) -> state.equals(worker.state())).count();
	}

	/** The status as HTTP callers see it: without the folders it names (see {@link Master#withoutPaths}). */
	public ServerStatus withoutPaths() {
		return new ServerStatus(this.master.withoutPaths(), this.workers, this.figures);
	}

	/** The status as JSON objects, for {@link Json#write}. */
	public Map<String, Object> toMap() {
		Map<String, Object> master = new LinkedHashMap<>();
		master.put("pid", this.master.pid());
		master.put("started", this.master.started());
		master.put("uptime_seconds", this.master.uptimeSeconds());
		master.put("listen", this.master.listen());
		master.put("accept_queue", this.master.acceptQueue());
		master.put("backlog", this.master.backlog());
		master.put("generation", this.master.generation());
		master.put("target_workers", this.master.targetWorkers());
		master.put("live_workers", this.master.liveWorkers());
		master.put("reloading", this.master.reloading());
		master.put("idle", this.master.idle());
		master.put("stopping", this.master.stopping());
		master.put("class_cache", this.master.classCache());
		List<Object> workers = new ArrayList<>();
		for (Worker worker : this.workers) {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("id", worker.id());
			entry.put("pid", worker.pid());
			entry.put("generation", worker.generation());
			entry.put("state", worker.state());
			entry.put("age_seconds", worker.ageSeconds());
			entry.put("boot_seconds", worker.bootSeconds());
			entry.put("warm", worker.warm());
			entry.put("slow_start_seconds", worker.slowStartSeconds());
			entry.put("requests", worker.requests());
			entry.put("memory_bytes", worker.memoryBytes());
			entry.put("last_heartbeat_seconds_ago", worker.lastHeartbeatSecondsAgo());
			workers.add(entry);
		}
		Map<String, Object> boot = new LinkedHashMap<>();
		boot.put("count", this.figures.boots());
		boot.put("total_seconds", this.figures.bootSecondsTotal());
		boot.put("max_seconds", this.figures.bootSecondsMax());
		Map<String, Object> reloads = new LinkedHashMap<>();
		reloads.put("completed", this.figures.reloadsCompleted());
		reloads.put("failed", this.figures.reloadsFailed());
		Map<String, Object> figures = new LinkedHashMap<>();
		figures.put("restarts", new LinkedHashMap<>(this.figures.restarts()));
		figures.put("boot", boot);
		figures.put("reloads", reloads);
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("master", master);
		answer.put("workers", workers);
		answer.put("figures", figures);
		return answer;
	}

	/**
	 * Reads a status from the JSON objects a parser made of the master's answer.
	 * @param answer the answer's object
	 * @return the status
	 * @throws IllegalArgumentException if it is not a status
	 */
	public static ServerStatus from(Map<String, Object> answer) {
		try {
			Map<String, Object> m = map(answer.get("master"));
			Master master = new Master(number(m, "pid").longValue(), (String) m.get("started"),
					number(m, "uptime_seconds").doubleValue(), (String) m.get("listen"), integer(m.get("accept_queue")),
					number(m, "backlog").intValue(), number(m, "generation").intValue(),
					number(m, "target_workers").intValue(), number(m, "live_workers").intValue(), flag(m, "reloading"),
					flag(m, "idle"), flag(m, "stopping"), (String) m.get("class_cache"));
			List<Worker> workers = new ArrayList<>();
			for (Object each : (List<?>) answer.get("workers")) {
				Map<String, Object> w = map(each);
				workers.add(new Worker(number(w, "id").intValue(), number(w, "pid").longValue(),
						number(w, "generation").intValue(), (String) w.get("state"), number(w, "age_seconds").doubleValue(),
						decimal(w.get("boot_seconds")), flag(w, "warm"), decimal(w.get("slow_start_seconds")),
						number(w, "requests").longValue(), whole(w.get("memory_bytes")),
						decimal(w.get("last_heartbeat_seconds_ago"))));
			}
			Map<String, Object> f = map(answer.get("figures"));
			Map<String, Long> restarts = new LinkedHashMap<>();
			map(f.get("restarts")).forEach((reason, count) -> restarts.put(reason, ((Number) count).longValue()));
			Map<String, Object> boot = map(f.get("boot"));
			Map<String, Object> reloads = map(f.get("reloads"));
			Figures figures = new Figures(restarts, number(boot, "count").longValue(),
					number(boot, "total_seconds").doubleValue(), number(boot, "max_seconds").doubleValue(),
					number(reloads, "completed").longValue(), number(reloads, "failed").longValue());
			return new ServerStatus(master, workers, figures);
		}
		catch (ClassCastException | NullPointerException ex) {
			throw new IllegalArgumentException("Not a prefork master's status: " + ex.getMessage(), ex);
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		if (!(value instanceof Map<?, ?>)) {
			throw new IllegalArgumentException("Not a prefork master's status: an object is missing");
		}
		return (Map<String, Object>) value;
	}

	private static Number number(Map<String, Object> object, String name) {
		if (!(object.get(name) instanceof Number value)) {
			throw new IllegalArgumentException("Not a prefork master's status: no number " + name);
		}
		return value;
	}

	private static boolean flag(Map<String, Object> object, String name) {
		return Boolean.TRUE.equals(object.get(name));
	}

	private static Integer integer(Object value) {
		return (value instanceof Number number) ? number.intValue() : null;
	}

	private static Long whole(Object value) {
		return (value instanceof Number number) ? number.longValue() : null;
	}

	private static Double decimal(Object value) {
		return (value instanceof Number number) ? number.doubleValue() : null;
	}

}
