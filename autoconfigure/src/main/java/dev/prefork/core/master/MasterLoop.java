package dev.prefork.core.master;

import java.io.IOException;

import dev.prefork.core.arbiter.Arbiter;
import dev.prefork.core.arbiter.WorkerHandle;
import dev.prefork.core.arbiter.WorkerState;
import dev.prefork.core.channel.MasterSockets;
import dev.prefork.core.meter.ServerMeters;

/**
 * The master's one loop, as Gunicorn's arbiter runs it: wait on the sockets (a worker's message or
 * a control command is handled by {@link MasterInbox} as it is read), take each event other threads
 * posted to {@link EventQueue} in order, hand a listener's halt to the arbiter after each, then
 * let time decide (timeouts, due respawns, background work). It returns when the arbiter has an
 * exit code.
 */
final class MasterLoop {

	private static final long TICK_MILLIS = 100;

	private final Arbiter arbiter;

	private final EventQueue events;

	private final MasterSockets sockets;

	private final MasterInbox inbox;

	private final Actions actions;

	private final WorkerTable workers;

	private final Upgrade upgrade;

	private final ServerMeters meters;

	private final Listeners listeners;

	private final Housekeeping housekeeping;

	private final MemoryWatch memory = new MemoryWatch();

	private final OrphanReaper orphans = OrphanReaper.ifPidOne();

	private final SystemdNotifier systemd = SystemdNotifier.fromEnvironment();

	MasterLoop(Arbiter arbiter, EventQueue events, MasterSockets sockets, MasterInbox inbox, Actions actions,
			WorkerTable workers, Upgrade upgrade, ServerMeters meters, Listeners listeners,
			Housekeeping housekeeping) {
		this.arbiter = arbiter;
		this.events = events;
		this.sockets = sockets;
		this.inbox = inbox;
		this.actions = actions;
		this.workers = workers;
		this.upgrade = upgrade;
		this.meters = meters;
		this.listeners = listeners;
		this.housekeeping = housekeeping;
	}

	/**
	 * Starts the first workers, unless a signal or a listener stopped the master first, and runs
	 * until the arbiter says how to exit.
	 * @return the exit code
	 * @throws IOException if waiting on the sockets fails
	 */
	int run() throws IOException {
		// signals that came while the master started: a TERM then stops it before any worker starts
		takeEvents();
		if (!this.arbiter.stopping()) {
			this.arbiter.start(System.nanoTime());
			this.listeners.applyHalt(this.arbiter, System.nanoTime());
		}
		while (this.arbiter.exitCode().isEmpty()) {
			int target = this.arbiter.target();
			this.systemd.notify(systemdState());
			this.sockets.poll(TICK_MILLIS, this.inbox);
			this.listeners.applyHalt(this.arbiter, System.nanoTime());
			takeEvents();
			long now = System.nanoTime();
			this.arbiter.tick(now);
			this.housekeeping.tick(this.arbiter, now);
			this.memory.tick(this.arbiter, now);
			if (this.orphans != null) {
				this.orphans.tick(now);
			}
			if (this.arbiter.target() != target) {
				this.listeners.call("workerCountChanged",
						(hooks) -> hooks.workerCountChanged(target, this.arbiter.target()));
			}
			this.listeners.applyHalt(this.arbiter, System.nanoTime());
		}
		return this.arbiter.exitCode().getAsInt();
	}

	/** Acts on every event posted so far, oldest first, each followed by any halt a listener asked for. */
	private void takeEvents() {
		for (MasterEvent event; (event = this.events.take()) != null;) {
			dispatch(event);
			this.listeners.applyHalt(this.arbiter, System.nanoTime());
		}
	}

	private void dispatch(MasterEvent event) {
		if (event instanceof MasterEvent.SignalReceived signal) {
			this.actions.signal(signal.name());
		}
		else if (event instanceof MasterEvent.WorkerExited exited) {
			workerExited(exited.worker());
		}
		else if (event instanceof MasterEvent.ReloadPrepared prepared) {
			this.arbiter.reload(this.arbiter.settings(), prepared.reason(), System.nanoTime());
		}
		else if (event instanceof MasterEvent.SuccessorExited successor) {
			this.upgrade.exited(successor.process(), this.arbiter);
		}
	}

	/** A worker's process ended: its last messages first, then the arbiter, the meters and the hook. */
	private void workerExited(WorkerHandle worker) {
		WorkerTable.Exit exit = this.workers.exited(worker, this.inbox);
		this.arbiter.exited(worker, exit.status(), System.nanoTime());
		this.meters.exited(worker);
		this.listeners.call("exited", (hooks) -> hooks.exited(worker.slot(), worker.pid(), worker.generation(),
				exit.status(), (System.nanoTime() - worker.spawnedAt()) / 1e9, exit.bootFailure()));
	}

	private String systemdState() {
		if (this.arbiter.stopping()) {
			return "STOPPING=1";
		}
		if (this.arbiter.reloading()) {
			return "RELOADING=1";
		}
		boolean serving = this.arbiter.workers().stream().anyMatch((w) -> w.state() == WorkerState.READY);
		return serving ? "READY=1\nMAINPID=" + ProcessHandle.current().pid() + "\nSTATUS=" + this.arbiter.target()
				+ " worker(s), generation " + this.arbiter.generation() : "STATUS=booting workers";
	}

}
