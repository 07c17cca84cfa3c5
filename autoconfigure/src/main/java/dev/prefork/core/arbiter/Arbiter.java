package dev.prefork.core.arbiter;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master's decisions, as Gunicorn's arbiter makes them: keep the target number of workers,
 * replace the ones that die (with a backoff), scale, reload with a new generation of workers, stop
 * them gracefully or quickly, and give up with {@link ExitCode#WORKER_BOOT_ERROR} when no worker of
 * the first generation can boot. It performs no I/O of its own: the master's loop feeds it events
 * and it acts through {@link WorkerProcessControl}. One thread calls it.
 */
public final class Arbiter {

	private static final Logger logger = LoggerFactory.getLogger(Arbiter.class);

	/** How long a silent worker's JVM gets to print its thread dump before it is killed. */
	private static final Duration DUMP_GRACE = Duration.ofSeconds(1);

	/**
	 * How many workers a tick starts at most: starting a JVM takes the loop 5 to 15 ms, so a scale-up
	 * to hundreds of workers is spread over many ticks instead of holding the loop for seconds.
	 */
	static final int SPAWNS_PER_TICK = 4;

	private final WorkerProcessControl control;

	private final int firstGenerationSize;

	private final RespawnBackoff backoff = new RespawnBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30));

	private final List<WorkerHandle> workers = new ArrayList<>();

	private final ArbiterFigures figures = new ArbiterFigures();

	/** Slots waiting for a replacement, by slot, with the time it is due. */
	private final TreeMap<Integer, Long> respawns = new TreeMap<>();

	private ArbiterSettings settings;

	private Phase phase = Phase.STARTING;

	/** How many workers to keep: the configured count, changed by TTIN, TTOU and reloads. */
	private int target;

	/** The generation new workers belong to; a reload starts the next one. */
	private int generation = 1;

	/** The reload under way, or null. */
	private Reload reload;

	/** Whether the reload under way took its new generation's settings already. */
	private boolean reloadAdopted;

	/** Whether the workers were stopped on purpose (WINCH) and the slots stay empty. */
	private boolean idle;

	private int firstGenerationFailures;

	private int firstGenerationLoadFailures;

	private int exitCode = -1;

	private int pendingExitCode;

	private String stopReason;

	/**
	 * The root causes of boot failures logged in full since a worker was last ready, with the slot
	 * that logged each: the same failure in the next worker gets one line, not another trace.
	 */
	private final Map<String, Integer> loggedBootFailures = new HashMap<>();

	/** How many workers may boot or start slowly at once when workers start slowly. */
	private final int warmingAtOnce;

	/** An arbiter that lets one worker at a time boot and warm up (with a slow start). */
	public Arbiter(ArbiterSettings settings, WorkerProcessControl control) {
		this(settings, control, 1);
	}

	/**
	 * An arbiter for a number of processors.
	 * @param settings the settings
	 * @param control the processes
	 * @param warmingAtOnce how many workers may boot or start slowly at once, with a slow start
	 * ({@link #warmingAtOnce(int)})
	 */
	public Arbiter(ArbiterSettings settings, WorkerProcessControl control, int warmingAtOnce) {
		this.settings = settings;
		this.control = control;
		this.target = settings.workers();
		this.firstGenerationSize = settings.workers();
		this.warmingAtOnce = Math.max(1, warmingAtOnce);
	}

	/**
	 * How many workers may boot and warm up at once on a number of processors: one per four. A
	 * booting JVM keeps two to three cores busy (its main thread and its JIT's compilers), which it
	 * takes from the workers that serve.
	 * @param processors the processors this JVM may use
	 * @return at least 1
	 */
	public static int warmingAtOnce(int processors) {
		return Math.max(1, processors / 4);
	}

	/**
	 * Spawns the first generation of workers: all together, or, when workers start slowly, the first
	 * ones only (the worker of slot 1 alone on fewer than eight processors), so that they warm up on
	 * the whole machine as one plain JVM would; the rest follow as the ones before them are warm.
	 */
	public void start(long now) {
		for (int slot = 1; slot <= this.target; slot++) {
			if (!this.settings.slowStarts() || slot <= this.warmingAtOnce) {
				spawn(slot, now);
			}
			else {
				this.respawns.put(slot, now);
			}
		}
	}

	/** A worker reported that its web server accepts on the shared socket. */
	public void ready(WorkerHandle worker, long now) {
		if (worker.state() != WorkerState.BOOTING) {
			return;
		}
		worker.ready(now);
		this.loggedBootFailures.clear();
		logger.info("Worker {} (pid {}) ready in {} s", worker.slot(), worker.pid(), seconds(now - worker.spawnedAt()));
		this.figures.booted(worker.bootSeconds());
		if (this.phase == Phase.STARTING) {
			this.phase = Phase.RUNNING;
			// slots of the first generation that failed to boot get their second chance now
			for (int slot = 1; slot <= this.target; slot++) {
				if (!occupied(slot) && !this.respawns.containsKey(slot)) {
					scheduleRespawn(slot, -1, now);
				}
			}
		}
	}

	/**
	 * A worker's slow start is over (or it had none): it takes its full share of connections. Only now
	 * does the worker it replaces stop, and a reload boot its next worker, so that capacity never
	 * rests on a cold JVM.
	 * @param worker the worker
	 * @param now the arbiter's clock
	 */
	public void warm(WorkerHandle worker, long now) {
		if (worker.state() != WorkerState.READY || worker.warm()) {
			return;
		}
		worker.warm(now);
		if (this.settings.slowStarts()) {
			logger.info("Worker {} (pid {}) warm {} s after ready", worker.slot(), worker.pid(),
					seconds(now - worker.readyAt()));
		}
		for (WorkerHandle replaced : List.copyOf(this.workers)) {
			if (replaced != worker && replaced.recycling() && replaced.slot() == worker.slot()
					&& replaced.generation() == worker.generation() && replaced.state() == WorkerState.READY) {
				logger.info("Worker {} (pid {}) replaced by pid {}: stopping it gracefully", replaced.slot(),
						replaced.pid(), worker.pid());
				this.figures.restart(replaced.recycleReason());
				retire(replaced, now);
			}
		}
		if (this.reload != null) {
			// the worker that warmed up may be the old generation's, whose slow start held the reload back
			spawnNextOfReload(now);
		}
		if (this.reload != null && worker.generation() == this.generation) {
			completeReloadIfReady(now);
		}
	}

	/**
	 * Whether a warm worker serves, so that a new one can start slowly beside it
	 * ({@code prefork.slow-start}) instead of taking its full share of connections cold.
	 */
	public boolean warmWorkerServing() {
		return this.workers.stream().anyMatch((w) -> w.state() == WorkerState.READY && w.warm());
	}

	/**
	 * A worker is to be replaced (it served max-requests, a request is stuck, or its memory passed the
	 * limit): its replacement boots and warms up first, then the worker stops gracefully, so capacity
	 * never dips.
	 * @param worker the worker
	 * @param reason why, for the meters
	 * @param detail why, in words, for the log
	 * @param now the arbiter's clock
	 */
	public void recycle(WorkerHandle worker, RestartReason reason, String detail, long now) {
		if (this.phase != Phase.RUNNING || this.reload != null || worker.state() != WorkerState.READY
				|| worker.recycling() || !this.workers.contains(worker)) {
			return;
		}
		worker.recycling(true);
		worker.recycleReason(reason);
		logger.info("Recycling worker {} (pid {}): {}; its replacement boots and warms up first", worker.slot(), worker.pid(),
				detail);
		spawn(worker.slot(), now);
	}

	/**
	 * The master measured a worker's memory: past {@code prefork.max-worker-memory} it is recycled,
	 * one worker at a time, so that replacing several large workers never takes more than one slot's
	 * capacity at once.
	 * @param worker the worker
	 * @param residentBytes its resident set size
	 * @param now the arbiter's clock
	 */
	public void memoryMeasured(WorkerHandle worker, long residentBytes, long now) {
		long limit = this.settings.maxWorkerMemory();
		if (limit <= 0 || residentBytes <= limit || this.workers.stream()
			.anyMatch((other) -> other.recycling() && other.state() == WorkerState.READY)) {
			return;
		}
		recycle(worker, RestartReason.MEMORY,
				String.format(Locale.ROOT, "its resident memory is %d MB, above prefork.max-worker-memory (%d MB)",
						residentBytes >> 20, limit >> 20),
				now);
	}

	/** Whether {@link #memoryMeasured} has a limit to check, so that the master reads memory only then. */
	public boolean limitsMemory() {
		return this.settings.maxWorkerMemory() > 0;
	}

	/** A worker said it is alive. */
	public void heartbeat(WorkerHandle worker, long now) {
		worker.heartbeat(now);
	}

	/** A worker process ended; the master has already read everything it sent. */
	public void exited(WorkerHandle worker, ExitStatus status, long now) {
		if (!this.workers.remove(worker)) {
			return;
		}
		boolean retired = worker.state() == WorkerState.STOPPING;
		boolean bootFailure = !worker.everReady() && !retired;
		logExit(worker, status, bootFailure);
		if (this.phase.stopping()) {
			finishIfEmpty();
			return;
		}
		if (retired) {
			// its slot was given up (TTOU), or is held by its replacement
			return;
		}
		if (!worker.warm() && this.reload != null && worker.generation() == this.generation) {
			rollBack("worker " + worker.slot() + " of generation " + this.generation
					+ (bootFailure ? " could not boot" : " died during its slow start"), now);
			return;
		}
		if (!bootFailure) {
			this.figures.restart(worker.ranOutOfMemory(status) ? RestartReason.OUT_OF_MEMORY
					: (worker.dumpRequestedAt() != 0) ? RestartReason.TIMEOUT : RestartReason.CRASH);
			scheduleRespawn(worker.slot(), now - worker.readyAt(), now);
			return;
		}
		this.figures.restart(RestartReason.BOOT_FAILURE);
		for (WorkerHandle replaced : this.workers) {
			if (replaced.recycling() && replaced.slot() == worker.slot() && replaced.state() == WorkerState.READY) {
				replaced.recycling(false);
				logger.warn("The replacement for worker {} could not boot; worker {} (pid {}) keeps serving",
						worker.slot(), replaced.slot(), replaced.pid());
				return;
			}
		}
		if (this.phase == Phase.STARTING) {
			this.firstGenerationFailures++;
			if (!worker.connected()) {
				this.firstGenerationLoadFailures++;
			}
			if (this.firstGenerationFailures >= this.firstGenerationSize) {
				giveUp(now);
			}
			else {
				// the first generation waits for no warm worker now: each slot gets its one attempt at once
				for (int slot : List.copyOf(this.respawns.keySet())) {
					this.respawns.remove(slot);
					spawn(slot, now);
				}
			}
			return;
		}
		scheduleRespawn(worker.slot(), -1, now);
	}

	/** One worker more (TTIN): it takes the next slot. */
	public void increment(String reason, long now) {
		if (refuseWhileBusy(reason)) {
			return;
		}
		this.target++;
		logger.info("Scaling up to {} workers ({})", this.target, reason);
		if (this.settings.slowStarts() && warming() >= this.warmingAtOnce) {
			// it boots once the worker warming up now is warm
			this.respawns.put(this.target, now);
		}
		else {
			spawn(this.target, now);
		}
	}

	/**
	 * Scales to a number of workers. Up, the new slots are started by {@link #tick}, a few per tick, so
	 * that the master's loop goes on serving signals, heartbeats and control commands in between;
	 * down, one TTOU at a time.
	 * @param workers the new target, at least 1
	 * @param reason why, for the log
	 * @param now the arbiter's clock
	 */
	public void scale(int workers, String reason, long now) {
		if (this.target < workers && !refuseWhileBusy(reason)) {
			int from = this.target;
			this.target = workers;
			logger.info("Scaling up to {} workers ({}): starting {} at most every tick", this.target, reason,
					SPAWNS_PER_TICK);
			for (int slot = from + 1; slot <= this.target; slot++) {
				this.respawns.put(slot, now);
			}
		}
		while (this.target > Math.max(1, workers) && !refuseWhileBusy(reason)) {
			decrement(reason, now);
		}
	}

	/** One worker fewer (TTOU), never below one: the worker in the highest slot stops gracefully. */
	public void decrement(String reason, long now) {
		if (refuseWhileBusy(reason)) {
			return;
		}
		if (this.target <= 1) {
			logger.warn("Not scaling down ({}): already at 1 worker, the minimum", reason);
			return;
		}
		int slot = this.target--;
		logger.info("Scaling down to {} workers ({}): retiring worker {}", this.target, reason, slot);
		this.figures.restart(RestartReason.SCALE);
		this.respawns.remove(slot);
		for (WorkerHandle worker : List.copyOf(this.workers)) {
			if (worker.slot() == slot && worker.state() != WorkerState.STOPPING) {
				retire(worker, now);
			}
		}
	}

	/**
	 * Starts a zero-downtime reload (HUP): a new generation of workers, booted one at a time, each
	 * once the one before it is warm; the old generation keeps serving until every new worker is warm,
	 * then stops gracefully. If a new worker cannot boot, the
	 * new generation is stopped and the old one keeps serving. The new workers read the configuration
	 * now on disk: the first one to report it decides the generation's settings ({@link #adopt}).
	 * @param next the settings to start the new generation with, until one of its workers reports
	 * @param reason why, for the log
	 * @param now the arbiter's clock
	 * @return whether a reload started
	 */
	public boolean reload(ArbiterSettings next, String reason, long now) {
		if (refuseWhileBusy(reason)) {
			return false;
		}
		List<WorkerHandle> old = this.workers.stream().filter((w) -> w.state() != WorkerState.STOPPING).toList();
		this.reload = new Reload(this.settings, this.target, old, now);
		this.reloadAdopted = false;
		this.settings = next.withQuickTimeout(this.settings.quickTimeout());
		this.target = next.workers();
		this.generation++;
		this.respawns.clear();
		logger.info("Reloading ({}): starting generation {} with {} worker(s){}; generation {} keeps serving until "
				+ "they are warm", reason, this.generation, this.target,
				this.settings.slowStarts() ? ", " + this.warmingAtOnce + " at a time" : "", this.generation - 1);
		spawnNextOfReload(now);
		return this.reload != null;
	}

	/**
	 * A worker reported the settings its configuration binds to. The first report of a reload's new
	 * generation becomes the arbiter's settings: the generation grows or shrinks to the new worker
	 * count (its workers boot one at a time, so the extra ones have not started yet). Any other report changes
	 * nothing: configuration changes take effect at a reload, as in Gunicorn.
	 * @param reporter the worker that reported
	 * @param next what it reported
	 * @param now the arbiter's clock
	 * @return whether the settings were adopted
	 */
	public boolean adopt(WorkerHandle reporter, ArbiterSettings next, long now) {
		if (this.reload == null || this.reloadAdopted || reporter.generation() != this.generation) {
			return false;
		}
		this.reloadAdopted = true;
		ArbiterSettings adopted = next.withQuickTimeout(this.settings.quickTimeout());
		if (adopted.equals(this.settings)) {
			return true;
		}
		int before = this.target;
		this.settings = adopted;
		this.target = adopted.workers();
		if (this.target != before) {
			logger.info("Reloading: the configuration on disk asks for {} worker(s); generation {} {} to {}",
					this.target, this.generation, (this.target > before) ? "grows" : "shrinks", this.target);
		}
		for (WorkerHandle worker : List.copyOf(this.workers)) {
			if (worker.generation() == this.generation && worker.slot() > this.target
					&& worker.state() != WorkerState.STOPPING) {
				quit(worker, now);
			}
		}
		spawnNextOfReload(now);
		if (this.reload != null) {
			completeReloadIfReady(now);
		}
		return true;
	}

	/**
	 * Stops every worker gracefully and keeps the master running with empty slots (WINCH), so that a
	 * new master started by USR2 serves alone; {@link #resume} brings the workers back.
	 * @param reason why, for the log
	 * @param now the arbiter's clock
	 */
	public void idle(String reason, long now) {
		if (refuseWhileBusy(reason) || this.idle) {
			return;
		}
		this.idle = true;
		this.respawns.clear();
		logger.info("Stopping all {} worker(s) gracefully ({}); the master stays, HUP brings them back",
				this.workers.size(), reason);
		this.workers.stream()
			.filter((w) -> w.state() != WorkerState.STOPPING)
			.forEach((w) -> this.figures.restart(RestartReason.WINCH));
		for (WorkerHandle worker : List.copyOf(this.workers)) {
			if (worker.state() != WorkerState.STOPPING) {
				retire(worker, now);
			}
		}
	}

	/**
	 * Brings the workers back after {@link #idle}: the way back from an upgrade (USR2, WINCH) that
	 * went wrong.
	 * @param reason why, for the log
	 * @param now the arbiter's clock
	 */
	public void resume(String reason, long now) {
		if (!this.idle || this.phase.stopping()) {
			return;
		}
		this.idle = false;
		logger.info("Starting {} worker(s) again ({})", this.target, reason);
		for (int slot = 1; slot <= this.target; slot++) {
			if (!occupied(slot)) {
				spawn(slot, now);
			}
		}
	}

	/** Whether the workers were stopped on purpose (WINCH). */
	public boolean idle() {
		return this.idle;
	}

	/** Whether a reload is under way. */
	public boolean reloading() {
		return this.reload != null;
	}

	/**
	 * Whether the server is settled: running, not reloading, every slot held by a warm worker. The
	 * moment for background work that must not compete with booting or warming workers.
	 */
	public boolean settled() {
		return this.phase == Phase.RUNNING && this.reload == null && !this.idle && this.workers.size() == this.target
				&& this.workers.stream().allMatch((w) -> w.state() == WorkerState.READY && w.warm());
	}

	/**
	 * Stops the server on a listener's request: workers finish in-flight requests, then the master
	 * exits with the listener's code.
	 * @param exitCode the master's exit code
	 * @param reason why, for the last log line
	 * @param now the arbiter's clock
	 */
	public void halt(int exitCode, String reason, long now) {
		stop(reason, true, exitCode, now);
	}

	/** Graceful shutdown (TERM): workers finish in-flight requests, then the master exits 0. */
	public void stopGracefully(String reason, long now) {
		stop(reason, true, ExitCode.OK, now);
	}

	/** Quick shutdown (INT): workers exit now, then the master exits 0. */
	public void stopQuickly(String reason, long now) {
		stop(reason, false, ExitCode.OK, now);
	}

	/** Acts on what time alone decides: due respawns, boot timeouts, heartbeat and stop timeouts. */
	public void tick(long now) {
		if (this.reload != null && !this.phase.stopping()) {
			// a worker that was warming up may have exited instead
			spawnNextOfReload(now);
		}
		int spawned = 0;
		while (!this.phase.stopping() && !this.respawns.isEmpty() && spawned++ < SPAWNS_PER_TICK
				&& !(this.settings.slowStarts() && warming() >= this.warmingAtOnce)) {
			var due = this.respawns.entrySet().stream().filter((e) -> e.getValue() <= now).findFirst();
			if (due.isEmpty()) {
				break;
			}
			this.respawns.remove(due.get().getKey());
			spawn(due.get().getKey(), now);
		}
		for (WorkerHandle worker : List.copyOf(this.workers)) {
			if (worker.killedByMaster()) {
				continue;
			}
			if (worker.state() == WorkerState.BOOTING
					&& now - worker.spawnedAt() > this.settings.bootTimeout().toNanos()) {
				logger.error("Worker {} (pid {}) did not boot within {} s (prefork.boot-timeout): killing it",
						worker.slot(), worker.pid(), seconds(this.settings.bootTimeout().toNanos()));
				kill(worker);
			}
			else if (worker.dumpRequestedAt() != 0) {
				// a worker that was silent past the timeout is not trusted again, even if it wakes up
				if (now - worker.dumpRequestedAt() >= DUMP_GRACE.toNanos()) {
					kill(worker);
				}
			}
			else if (worker.state() == WorkerState.READY
					&& now - worker.lastHeartbeat() > this.settings.timeout().toNanos()) {
				logger.error("Worker {} (pid {}) sent no heartbeat for {} s (prefork.timeout): asking for its thread "
						+ "dump, then killing it", worker.slot(), worker.pid(), seconds(now - worker.lastHeartbeat()));
				worker.dumpRequested(now);
				this.control.dump(worker);
			}
			else if (worker.state() == WorkerState.STOPPING && now > worker.stopDeadline()) {
				logger.warn("Worker {} (pid {}) did not stop in time: killing it", worker.slot(), worker.pid());
				kill(worker);
			}
		}
	}

	/** The exit code once the master is done, empty while it runs. */
	public OptionalInt exitCode() {
		return (this.exitCode < 0) ? OptionalInt.empty() : OptionalInt.of(this.exitCode);
	}

	/** Why the master stopped, for its last log line, or null while it runs. */
	public String stopReason() {
		return this.stopReason;
	}

	/** The live workers, booting, ready or stopping. */
	public List<WorkerHandle> workers() {
		return List.copyOf(this.workers);
	}

	/** How many workers the arbiter keeps. */
	public int target() {
		return this.target;
	}

	/** The generation new workers belong to. */
	public int generation() {
		return this.generation;
	}

	/** The settings in force: the configured ones, or those of the last reload. */
	public ArbiterSettings settings() {
		return this.settings;
	}

	/** What the arbiter counted: restarts by reason, boot times, reloads. */
	public ArbiterFigures figures() {
		return this.figures;
	}

	/** Whether the arbiter is shutting down (no more respawns). */
	public boolean stopping() {
		return this.phase.stopping();
	}

	/**
	 * Whether the arbiter takes a change of the server now (scaling, reload, upgrade): not while the
	 * first workers boot, a reload is under way, the workers are stopped (WINCH) or the master stops.
	 * Logs why not.
	 * @param reason the change's cause, for the log
	 * @return true if the change may go ahead
	 */
	public boolean acceptsChange(String reason) {
		return !refuseWhileBusy(reason);
	}

	/**
	 * Why the arbiter takes no change of the server now, or null when it does.
	 * @return the reason, such as {@code the first workers are still booting}
	 */
	public String busy() {
		if (this.phase.stopping()) {
			return "the master is shutting down";
		}
		if (this.phase == Phase.STARTING) {
			return "the first workers are still booting";
		}
		if (this.reload != null) {
			return "a reload is under way";
		}
		if (this.idle) {
			return "the workers were stopped with WINCH; HUP brings them back";
		}
		return null;
	}

	private boolean refuseWhileBusy(String reason) {
		String busy = busy();
		if (busy != null && !this.phase.stopping()) {
			logger.warn("Ignoring {}: {}", reason, busy);
		}
		return busy != null;
	}

	/**
	 * Boots the reload's next workers: the lowest slots of the new generation without one. When
	 * workers start slowly, only as many boot or warm up at once as {@link #warmingAtOnce(int)} allows,
	 * which leaves the cores to the workers that serve; otherwise all boot together.
	 */
	private void spawnNextOfReload(long now) {
		for (int slot = 1; slot <= this.target && this.reload != null; slot++) {
			if (this.settings.slowStarts() && warming() >= this.warmingAtOnce) {
				return;
			}
			if (!occupiedByGeneration(slot)) {
				spawn(slot, now);
			}
		}
	}

	/** How many workers boot, or serve but have not finished their slow start. */
	private long warming() {
		return this.workers.stream().filter((w) -> w.state() != WorkerState.STOPPING && !w.warm()).count();
	}

	private boolean occupiedByGeneration(int slot) {
		return this.workers.stream()
			.anyMatch((w) -> w.slot() == slot && w.generation() == this.generation && w.state() != WorkerState.STOPPING);
	}

	private void completeReloadIfReady(long now) {
		for (int slot = 1; slot <= this.target; slot++) {
			int wanted = slot;
			boolean warm = this.workers.stream()
				.anyMatch((w) -> w.slot() == wanted && w.generation() == this.generation
						&& w.state() == WorkerState.READY && w.warm());
			if (!warm) {
				return;
			}
		}
		Reload done = this.reload;
		this.reload = null;
		this.figures.reloaded(true);
		for (WorkerHandle old : done.old()) {
			if (this.workers.contains(old) && old.state() != WorkerState.STOPPING) {
				this.figures.restart(RestartReason.RELOAD);
				retire(old, now);
			}
		}
		logger.info("Reload complete: generation {} serving with {} worker(s) after {} s; retiring {} worker(s) of "
				+ "generation {}", this.generation, this.target, seconds(now - done.startedAt()), done.old().size(),
				this.generation - 1);
	}

	private void rollBack(String why, long now) {
		Reload failed = this.reload;
		this.reload = null;
		this.figures.reloaded(false);
		for (WorkerHandle worker : List.copyOf(this.workers)) {
			if (worker.generation() == this.generation && worker.state() != WorkerState.STOPPING) {
				quit(worker, now);
			}
		}
		this.generation--;
		this.settings = failed.settings();
		this.target = failed.target();
		logger.error("Reload failed: {}; generation {} keeps serving with the configuration it had", why,
				this.generation);
		for (int slot = 1; slot <= this.target; slot++) {
			if (!occupied(slot) && !this.respawns.containsKey(slot)) {
				scheduleRespawn(slot, -1, now);
			}
		}
	}

	private void spawn(int slot, long now) {
		try {
			WorkerHandle worker = this.control.spawn(slot, this.generation, now);
			this.workers.add(worker);
			if (this.generation == 1) {
				logger.info("Booting worker {} with pid {}", slot, worker.pid());
			}
			else {
				logger.info("Booting worker {} with pid {} (generation {})", slot, worker.pid(), this.generation);
			}
		}
		catch (IOException ex) {
			logger.error("Could not start worker {}: {}", slot, ex.getMessage());
			if (this.reload != null) {
				rollBack("could not start worker " + slot + ": " + ex.getMessage(), now);
			}
			else if (this.phase == Phase.STARTING) {
				this.firstGenerationFailures++;
				this.firstGenerationLoadFailures++;
				if (this.firstGenerationFailures >= this.firstGenerationSize) {
					giveUp(now);
				}
			}
			else {
				scheduleRespawn(slot, -1, now);
			}
		}
	}

	private void scheduleRespawn(int slot, long servedNanos, long now) {
		if (this.idle || occupied(slot) || slot > this.target) {
			return;
		}
		Duration minUptime = this.settings.minUptime();
		Duration delay = this.backoff.died(slot, servedNanos, minUptime);
		int streak = this.backoff.streak(slot);
		int budget = this.settings.restartBudget();
		if (budget > 0 && streak > budget) {
			stop("worker " + slot + " died " + streak + " times in a row within " + seconds(minUptime.toNanos())
					+ " s of boot (prefork.restart-budget=" + budget + ")", true, ExitCode.CRASH_LOOP, now);
			return;
		}
		if (!delay.isZero()) {
			logger.warn("Respawning worker {} in {} s: it died {} times in a row within {} s of boot (prefork.min-uptime)",
					slot, seconds(delay.toNanos()), streak, seconds(minUptime.toNanos()));
		}
		this.respawns.put(slot, now + delay.toNanos());
		if (delay.isZero()) {
			tick(now);
		}
	}

	private boolean occupied(int slot) {
		return this.workers.stream()
			.anyMatch((w) -> w.slot() == slot && w.generation() == this.generation
					&& w.state() != WorkerState.STOPPING);
	}

	private void giveUp(long now) {
		boolean load = this.firstGenerationLoadFailures == this.firstGenerationFailures;
		int code = load ? ExitCode.APP_LOAD_ERROR : ExitCode.WORKER_BOOT_ERROR;
		String reason = load ? "the application could not be loaded in any worker" : "no worker could boot";
		stop(reason + " (" + this.firstGenerationFailures + " of " + this.firstGenerationSize + " failed)", false,
				code, now);
	}

	private void stop(String reason, boolean graceful, int code, long now) {
		if (this.phase.stopping()) {
			if (!graceful && this.phase == Phase.STOPPING_GRACEFULLY) {
				// a quick stop overrides a graceful one in progress, as in Gunicorn
				this.phase = Phase.STOPPING_QUICKLY;
				this.workers.forEach((w) -> quit(w, now));
			}
			return;
		}
		this.phase = graceful ? Phase.STOPPING_GRACEFULLY : Phase.STOPPING_QUICKLY;
		this.stopReason = reason;
		this.pendingExitCode = code;
		this.respawns.clear();
		this.reload = null;
		if (this.workers.isEmpty()) {
			finishIfEmpty();
			return;
		}
		if (graceful) {
			logger.info("Shutting down gracefully ({}): waiting up to {} s for {} worker(s) to finish in-flight requests",
					reason, seconds(this.settings.gracefulTimeout().toNanos()), this.workers.size());
			for (WorkerHandle worker : this.workers) {
				if (worker.state() != WorkerState.STOPPING) {
					retire(worker, now);
				}
			}
		}
		else {
			logger.info("Shutting down quickly ({}): stopping {} worker(s) now", reason, this.workers.size());
			this.workers.forEach((w) -> quit(w, now));
		}
	}

	private void retire(WorkerHandle worker, long now) {
		worker.stopping(now + this.settings.gracefulTimeout().toNanos());
		this.control.terminate(worker);
	}

	private void quit(WorkerHandle worker, long now) {
		worker.stopping(now + this.settings.quickTimeout().toNanos());
		this.control.quit(worker);
	}

	private void kill(WorkerHandle worker) {
		worker.killedByMaster(true);
		this.control.kill(worker);
	}

	private void finishIfEmpty() {
		if (this.workers.isEmpty()) {
			this.exitCode = this.pendingExitCode;
		}
	}

	private void logExit(WorkerHandle worker, ExitStatus status, boolean bootFailure) {
		if (bootFailure) {
			logBootFailure(worker, status);
			return;
		}
		if (worker.ranOutOfMemory(status)) {
			logger.error("Worker {} (pid {}) ran out of memory (java.lang.OutOfMemoryError; it exits on the first one, "
					+ "-XX:+ExitOnOutOfMemoryError) with {}: replacing it. Raise the heap, lower prefork.workers, or "
					+ "look for a leak (-XX:+HeapDumpOnOutOfMemoryError writes a heap dump)", worker.slot(), worker.pid(),
					worker.outOfMemoryHeap());
		}
		else if (status.killedBySignal() && status.signal() == ExitStatus.SIGKILL && !worker.killedByMaster()) {
			logger.error("Worker {} (pid {}) was killed by signal 9 (SIGKILL) that the master did not send; "
					+ "perhaps out of memory? Check the kernel log (dmesg) for the OOM killer", worker.slot(),
					worker.pid());
		}
		else if (worker.killedByMaster()) {
			logger.info("Worker {} (pid {}) killed ({})", worker.slot(), worker.pid(), status);
		}
		else if (worker.state() == WorkerState.STOPPING) {
			logger.info("Worker {} (pid {}) stopped", worker.slot(), worker.pid());
		}
		else {
			logger.warn("Worker {} (pid {}) exited unexpectedly ({})", worker.slot(), worker.pid(), status);
		}
	}

	private void logBootFailure(WorkerHandle worker, ExitStatus status) {
		StringBuilder message = new StringBuilder();
		message.append("Worker ").append(worker.slot()).append(" (pid ").append(worker.pid()).append(") failed to boot (")
			.append(status).append(")");
		if (worker.killedByMaster()) {
			message.append(": killed by the master after prefork.boot-timeout; if the application needs longer to "
					+ "start, raise prefork.boot-timeout");
		}
		else if (worker.ranOutOfMemory(status)) {
			message.append(": it ran out of heap (java.lang.OutOfMemoryError) with ").append(worker.outOfMemoryHeap())
				.append("; raise the heap (-Xmx) or lower prefork.workers");
		}
		else if (worker.bootFailure() != null) {
			String rootCause = BootFailure.rootCause(worker.bootFailure());
			message.append(": ").append(rootCause);
			Integer first = this.loggedBootFailures.putIfAbsent(rootCause, worker.slot());
			if (first != null) {
				message.append(" (as worker ").append(first).append(" above)");
			}
			else {
				if (worker.failureAnalysis() != null) {
					message.append(System.lineSeparator()).append(System.lineSeparator()).append(worker.failureAnalysis());
				}
				message.append(System.lineSeparator()).append(System.lineSeparator()).append(worker.bootFailure());
			}
		}
		else if (!worker.connected()) {
			message.append(" before the application started: the JVM could not load it; its own output above says why");
		}
		else {
			message.append(" without reporting an exception: did the application call System.exit during startup?");
		}
		logger.error(message.toString());
	}

	private static String seconds(long nanos) {
		return String.format(Locale.ROOT, "%.2f", nanos / 1e9);
	}

	private enum Phase {

		STARTING, RUNNING, STOPPING_GRACEFULLY, STOPPING_QUICKLY;

		boolean stopping() {
			return this == STOPPING_GRACEFULLY || this == STOPPING_QUICKLY;
		}

	}

	/** A reload under way: what to go back to if it fails, and whom to retire if it succeeds. */
	private record Reload(ArbiterSettings settings, int target, List<WorkerHandle> old, long startedAt) {
	}

}
