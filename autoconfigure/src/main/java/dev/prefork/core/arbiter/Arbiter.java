package dev.prefork.core.arbiter;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The master's decisions, as Gunicorn's arbiter makes them: keep the target number of workers,
 * replace the ones that die (with a backoff), scale, reload with a new generation of workers, stop
 * them gracefully or quickly, and give up with {@link ExitCode#WORKER_BOOT_ERROR} when no worker of
 * the first generation can boot. It performs no I/O of its own: the master's loop feeds it one event
 * at a time, it acts through {@link WorkerProcessControl}, which never calls back into it, and its
 * log lines are worded by {@link ArbiterLog}. Where the server is in its life is one
 * {@link ArbiterPhase}.
 */
public final class Arbiter {

	/**
	 * How many workers a tick starts at most: starting a JVM takes the loop 5 to 15 ms, so a scale-up
	 * to hundreds of workers is spread over many ticks instead of holding the loop for seconds.
	 */
	static final int SPAWNS_PER_TICK = 4;

	private final WorkerProcessControl control;

	private final int firstGenerationSize;

	private final Respawns respawns = new Respawns();

	private final List<WorkerHandle> workers = new ArrayList<>();

	private final ArbiterFigures figures = new ArbiterFigures();

	private final ArbiterLog log = new ArbiterLog();

	private final Watchdog watchdog;

	/** How many workers may boot or start slowly at once when workers start slowly. */
	private final int warmingAtOnce;

	private ArbiterSettings settings;

	private ArbiterPhase phase = ArbiterPhase.STARTING;

	/** How many workers to keep: the configured count, changed by TTIN, TTOU and reloads. */
	private int target;

	/** The generation new workers belong to; a reload starts the next one. */
	private int generation = 1;

	/** The reload under way: set exactly while the phase is {@link ArbiterPhase#RELOADING}. */
	private Reload reload;

	private int firstGenerationFailures;

	private int firstGenerationLoadFailures;

	private int exitCode = -1;

	private int pendingExitCode;

	private String stopReason;

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
		this.watchdog = new Watchdog(control, this.log);
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
				this.respawns.schedule(slot, now);
			}
		}
	}

	/** A worker reported that its web server accepts on the shared socket. */
	public void ready(WorkerHandle worker, long now) {
		if (worker.state() != WorkerState.BOOTING) {
			return;
		}
		worker.ready(now);
		this.log.ready(worker, now);
		this.figures.booted(worker.bootSeconds());
		if (this.phase == ArbiterPhase.STARTING) {
			this.phase = ArbiterPhase.RUNNING;
			// slots of the first generation that failed to boot get their second chance now
			for (int slot = 1; slot <= this.target; slot++) {
				if (!occupied(slot) && !this.respawns.scheduled(slot)) {
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
			this.log.warm(worker, now);
		}
		for (WorkerHandle replaced : List.copyOf(this.workers)) {
			if (replaced != worker && replaced.recycling() && replaced.slot() == worker.slot()
					&& replaced.generation() == worker.generation() && replaced.state() == WorkerState.READY) {
				this.log.replaced(replaced, worker);
				this.figures.restart(replaced.recycleReason());
				retire(replaced, now);
			}
		}
		if (this.phase == ArbiterPhase.RELOADING) {
			// the worker that warmed up may be the old generation's, whose slow start held the reload back
			spawnNextOfReload(now);
		}
		if (this.phase == ArbiterPhase.RELOADING && worker.generation() == this.generation) {
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
		// a replacement boots beside a generation that serves as it is, not beside a new one or none
		boolean steady = this.phase == ArbiterPhase.RUNNING || this.phase == ArbiterPhase.PREPARING_RELOAD;
		if (!steady || worker.state() != WorkerState.READY || worker.recycling() || !this.workers.contains(worker)) {
			return;
		}
		worker.recycling(true);
		worker.recycleReason(reason);
		this.log.recycling(worker, detail);
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
		recycle(worker, RestartReason.MEMORY, ArbiterLog.overMemoryLimit(residentBytes, limit), now);
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
		boolean bootFailure = worker.failedToBoot();
		this.log.exited(worker, status, bootFailure);
		if (this.phase.stopping()) {
			finishIfEmpty();
			return;
		}
		if (retired) {
			// its slot was given up (TTOU), or is held by its replacement
			return;
		}
		if (!worker.warm() && this.phase == ArbiterPhase.RELOADING && worker.generation() == this.generation) {
			rollBack(ArbiterLog.reloadWorkerFailed(worker, bootFailure), now);
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
				this.log.replacementFailed(worker.slot(), replaced);
				return;
			}
		}
		if (this.phase == ArbiterPhase.STARTING) {
			firstGenerationFailed(!worker.connected(), now);
			if (!this.phase.stopping()) {
				// the first generation waits for no warm worker now: each slot gets its one attempt at once
				for (int slot : this.respawns.takeAll()) {
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
		this.log.scalingUp(this.target, reason);
		if (this.settings.slowStarts() && warming() >= this.warmingAtOnce) {
			// it boots once the worker warming up now is warm
			this.respawns.schedule(this.target, now);
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
			this.log.scalingUpGradually(this.target, reason, SPAWNS_PER_TICK);
			for (int slot = from + 1; slot <= this.target; slot++) {
				this.respawns.schedule(slot, now);
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
			this.log.atMinimum(reason);
			return;
		}
		int slot = this.target--;
		this.log.scalingDown(this.target, reason, slot);
		this.figures.restart(RestartReason.SCALE);
		this.respawns.cancel(slot);
		for (WorkerHandle worker : List.copyOf(this.workers)) {
			if (worker.slot() == slot && worker.state() != WorkerState.STOPPING) {
				retire(worker, now);
			}
		}
	}

	/**
	 * A reload was asked for and the master prepares it off its loop (the class cache looks at the
	 * jar again); until {@link #reload} starts it, the server takes no other change.
	 * @param reason why, for the log
	 * @return whether the preparation may start
	 */
	public boolean prepareReload(String reason) {
		if (refuseWhileBusy(reason)) {
			return false;
		}
		this.phase = ArbiterPhase.PREPARING_RELOAD;
		return true;
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
		if (this.phase != ArbiterPhase.PREPARING_RELOAD && refuseWhileBusy(reason)) {
			return false;
		}
		List<WorkerHandle> old = this.workers.stream().filter((w) -> w.state() != WorkerState.STOPPING).toList();
		this.reload = new Reload(this.settings, this.target, old, now);
		this.phase = ArbiterPhase.RELOADING;
		this.settings = next.withQuickTimeout(this.settings.quickTimeout());
		this.target = next.workers();
		this.generation++;
		this.respawns.clear();
		this.log.reloading(reason, this.generation, this.target,
				this.settings.slowStarts() ? ", " + this.warmingAtOnce + " at a time" : "");
		spawnNextOfReload(now);
		return this.phase == ArbiterPhase.RELOADING;
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
		if (this.phase != ArbiterPhase.RELOADING || this.reload.adopted() || reporter.generation() != this.generation) {
			return false;
		}
		this.reload.adopted(true);
		ArbiterSettings adopted = next.withQuickTimeout(this.settings.quickTimeout());
		if (adopted.equals(this.settings)) {
			return true;
		}
		int before = this.target;
		this.settings = adopted;
		this.target = adopted.workers();
		if (this.target != before) {
			this.log.reloadResized(this.generation, before, this.target);
		}
		for (WorkerHandle worker : List.copyOf(this.workers)) {
			if (worker.generation() == this.generation && worker.slot() > this.target
					&& worker.state() != WorkerState.STOPPING) {
				quit(worker, now);
			}
		}
		spawnNextOfReload(now);
		if (this.phase == ArbiterPhase.RELOADING) {
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
		if (refuseWhileBusy(reason)) {
			return;
		}
		this.phase = ArbiterPhase.IDLE;
		this.respawns.clear();
		this.log.idling(this.workers.size(), reason);
		for (WorkerHandle worker : List.copyOf(this.workers)) {
			if (worker.state() != WorkerState.STOPPING) {
				this.figures.restart(RestartReason.WINCH);
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
		if (this.phase != ArbiterPhase.IDLE) {
			return;
		}
		this.phase = ArbiterPhase.RUNNING;
		this.log.resuming(this.target, reason);
		for (int slot = 1; slot <= this.target; slot++) {
			if (!occupied(slot)) {
				spawn(slot, now);
			}
		}
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
		if (this.phase == ArbiterPhase.RELOADING) {
			// a worker that was warming up may have exited instead
			spawnNextOfReload(now);
		}
		spawnDue(now);
		this.watchdog.check(this.workers, this.settings, now);
	}

	/** Where the server is in its life. */
	public ArbiterPhase phase() {
		return this.phase;
	}

	/** Whether the workers were stopped on purpose (WINCH). */
	public boolean idle() {
		return this.phase == ArbiterPhase.IDLE;
	}

	/** Whether a reload is being prepared or under way. */
	public boolean reloading() {
		return this.phase.reloading();
	}

	/** Whether the arbiter is shutting down (no more respawns). */
	public boolean stopping() {
		return this.phase.stopping();
	}

	/**
	 * Whether the server is settled: running, every slot held by a warm worker. The moment for
	 * background work that must not compete with booting or warming workers.
	 */
	public boolean settled() {
		return this.phase == ArbiterPhase.RUNNING && this.workers.size() == this.target
				&& this.workers.stream().allMatch((w) -> w.state() == WorkerState.READY && w.warm());
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
		return this.phase.busy();
	}

	private boolean refuseWhileBusy(String reason) {
		String busy = busy();
		if (busy != null && !this.phase.stopping()) {
			this.log.refused(reason, busy);
		}
		return busy != null;
	}

	/**
	 * Boots the reload's next workers: the lowest slots of the new generation without one. When
	 * workers start slowly, only as many boot or warm up at once as {@link #warmingAtOnce(int)} allows,
	 * which leaves the cores to the workers that serve; otherwise all boot together.
	 */
	private void spawnNextOfReload(long now) {
		for (int slot = 1; slot <= this.target && this.phase == ArbiterPhase.RELOADING; slot++) {
			if (this.settings.slowStarts() && warming() >= this.warmingAtOnce) {
				return;
			}
			if (!occupied(slot)) {
				spawn(slot, now);
			}
		}
	}

	/** Starts the workers whose slots are due, a few at a time and, with a slow start, one warming at a time. */
	private void spawnDue(long now) {
		for (int spawned = 0; !this.phase.stopping() && spawned < SPAWNS_PER_TICK
				&& !(this.settings.slowStarts() && warming() >= this.warmingAtOnce); spawned++) {
			OptionalInt due = this.respawns.takeDue(now);
			if (due.isEmpty()) {
				return;
			}
			spawn(due.getAsInt(), now);
		}
	}

	/** How many workers boot, or serve but have not finished their slow start. */
	private long warming() {
		return this.workers.stream().filter((w) -> w.state() != WorkerState.STOPPING && !w.warm()).count();
	}

	/** Whether a worker of the current generation holds a slot (and is not stopping). */
	private boolean occupied(int slot) {
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
		this.phase = ArbiterPhase.RUNNING;
		this.figures.reloaded(true);
		for (WorkerHandle old : done.old()) {
			if (this.workers.contains(old) && old.state() != WorkerState.STOPPING) {
				this.figures.restart(RestartReason.RELOAD);
				retire(old, now);
			}
		}
		this.log.reloadComplete(this.generation, this.target, now - done.startedAt(), done.old().size());
	}

	private void rollBack(String why, long now) {
		Reload failed = this.reload;
		this.reload = null;
		this.phase = ArbiterPhase.RUNNING;
		this.figures.reloaded(false);
		for (WorkerHandle worker : List.copyOf(this.workers)) {
			if (worker.generation() == this.generation && worker.state() != WorkerState.STOPPING) {
				quit(worker, now);
			}
		}
		this.generation--;
		this.settings = failed.settings();
		this.target = failed.target();
		this.log.reloadFailed(why, this.generation);
		for (int slot = 1; slot <= this.target; slot++) {
			if (!occupied(slot) && !this.respawns.scheduled(slot)) {
				scheduleRespawn(slot, -1, now);
			}
		}
	}

	private void spawn(int slot, long now) {
		try {
			WorkerHandle worker = this.control.spawn(slot, this.generation, now);
			this.workers.add(worker);
			this.log.booting(worker);
		}
		catch (SpawnDeclinedException ex) {
			// the master is being halted: the slot waits, and the halt clears it
			this.respawns.schedule(slot, now);
		}
		catch (IOException ex) {
			this.log.couldNotStart(slot, ex.getMessage());
			if (this.phase == ArbiterPhase.RELOADING) {
				rollBack("could not start worker " + slot + ": " + ex.getMessage(), now);
			}
			else if (this.phase == ArbiterPhase.STARTING) {
				firstGenerationFailed(true, now);
			}
			else {
				scheduleRespawn(slot, -1, now);
			}
		}
	}

	/**
	 * A worker of the first generation could not boot: when none could, the master gives up with
	 * {@link ExitCode#APP_LOAD_ERROR} if none even loaded the application, else
	 * {@link ExitCode#WORKER_BOOT_ERROR}.
	 */
	private void firstGenerationFailed(boolean beforeLoading, long now) {
		this.firstGenerationFailures++;
		if (beforeLoading) {
			this.firstGenerationLoadFailures++;
		}
		if (this.firstGenerationFailures >= this.firstGenerationSize) {
			boolean load = this.firstGenerationLoadFailures == this.firstGenerationFailures;
			stop(ArbiterLog.gaveUp(load, this.firstGenerationFailures, this.firstGenerationSize), false,
					load ? ExitCode.APP_LOAD_ERROR : ExitCode.WORKER_BOOT_ERROR, now);
		}
	}

	private void scheduleRespawn(int slot, long servedNanos, long now) {
		if (this.phase == ArbiterPhase.IDLE || occupied(slot) || slot > this.target) {
			return;
		}
		Duration minUptime = this.settings.minUptime();
		Duration delay = this.respawns.died(slot, servedNanos, minUptime);
		int streak = this.respawns.streak(slot);
		int budget = this.settings.restartBudget();
		if (budget > 0 && streak > budget) {
			stop(ArbiterLog.crashLoop(slot, streak, minUptime, budget), true, ExitCode.CRASH_LOOP, now);
			return;
		}
		if (!delay.isZero()) {
			this.log.respawnDelayed(slot, delay, streak, minUptime);
		}
		this.respawns.schedule(slot, now + delay.toNanos());
		if (delay.isZero()) {
			spawnDue(now);
		}
	}

	private void stop(String reason, boolean graceful, int code, long now) {
		if (this.phase.stopping()) {
			if (!graceful && this.phase == ArbiterPhase.STOPPING_GRACEFULLY) {
				// a quick stop overrides a graceful one in progress, as in Gunicorn
				this.phase = ArbiterPhase.STOPPING_QUICKLY;
				this.workers.forEach((w) -> quit(w, now));
			}
			return;
		}
		this.phase = graceful ? ArbiterPhase.STOPPING_GRACEFULLY : ArbiterPhase.STOPPING_QUICKLY;
		this.stopReason = reason;
		this.pendingExitCode = code;
		this.respawns.clear();
		this.reload = null;
		if (this.workers.isEmpty()) {
			finishIfEmpty();
			return;
		}
		if (graceful) {
			this.log.stoppingGracefully(reason, this.settings.gracefulTimeout(), this.workers.size());
			for (WorkerHandle worker : this.workers) {
				if (worker.state() != WorkerState.STOPPING) {
					retire(worker, now);
				}
			}
		}
		else {
			this.log.stoppingQuickly(reason, this.workers.size());
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

	private void finishIfEmpty() {
		if (this.workers.isEmpty()) {
			this.exitCode = this.pendingExitCode;
		}
	}

}
