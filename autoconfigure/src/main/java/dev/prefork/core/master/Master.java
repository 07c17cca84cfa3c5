package dev.prefork.core.master;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

import dev.prefork.core.arbiter.Arbiter;
import dev.prefork.core.channel.MasterSockets;
import dev.prefork.core.control.ControlClient;
import dev.prefork.core.meter.ServerMeters;
import dev.prefork.core.net.ListeningSocket;
import dev.prefork.core.signal.IgnoredSignals;
import dev.prefork.core.signal.SignalQueue;
import dev.prefork.core.spawn.WorkerSpawner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master process (Gunicorn's arbiter, with its I/O): binds the listening socket, sets up its
 * parts, runs {@link MasterLoop} until the {@link Arbiter} says how to exit, and logs the last line.
 * Each job has its own class: the worker processes ({@link WorkerProcesses}), the sockets' messages
 * ({@link MasterInbox}), what signals and commands do ({@link Actions}), the in-place upgrade
 * ({@link Upgrade}), a reload's preparation ({@link ReloadPreparation}), background work
 * ({@link Housekeeping}) and the hooks ({@link Listeners}); other threads reach the loop through
 * the {@link EventQueue}.
 */
public final class Master {

	private static final Logger logger = LoggerFactory.getLogger(Master.class);

	/** The signals the master handles: each stands for a control command. */
	public static final List<String> SIGNALS = List.copyOf(Actions.SIGNAL_COMMANDS.keySet());

	private final MasterSettings settings;

	private final WorkerSpawner spawner;

	private final SignalQueue signals;

	private final Runnable reopenLogs;

	private final MasterHooks hooks;

	/**
	 * @param settings what to run
	 * @param spawner how to start workers
	 * @param signals the signals received since the launch knew it is the master
	 * @param reopenLogs how the master reopens its own log files (USR1)
	 * @param hooks what to tell of the master's life
	 */
	public Master(MasterSettings settings, WorkerSpawner spawner, SignalQueue signals, Runnable reopenLogs,
			MasterHooks hooks) {
		this.settings = settings;
		this.spawner = spawner;
		this.signals = signals;
		this.reopenLogs = reopenLogs;
		this.hooks = hooks;
	}

	/**
	 * Binds the listening socket. Separate from {@link #run} so that a port in use is reported before
	 * anything else happens.
	 * @return the bound socket
	 * @throws IOException if it cannot be bound
	 */
	public ListeningSocket bind() throws IOException {
		String from = System.getenv(Upgrade.UPGRADE_ENV);
		if (from != null) {
			logger.info("Taking over the listening socket of master {} (in-place upgrade)", from);
			return ListeningSocket.inherit();
		}
		int passed = SystemdActivation.passedTo(System.getenv(), ProcessHandle.current().pid());
		if (passed > 1) {
			logger.warn("systemd passed {} sockets; prefork serves on the first one only", passed);
		}
		if (passed > 0) {
			logger.info("Using the listening socket systemd passed (socket activation); server.address and "
					+ "server.port are the socket unit's business");
			return ListeningSocket.adopt(SystemdActivation.FIRST_FD);
		}
		if (this.settings.unixSocket() != null) {
			return ListeningSocket.bindUnix(this.settings.unixSocket(), this.settings.backlog());
		}
		return ListeningSocket.bind(this.settings.address(), this.settings.backlog());
	}

	/**
	 * Runs the master until it stops.
	 * @param socket the socket from {@link #bind()}, closed on return
	 * @return the process exit code
	 * @throws IOException if the runtime folder or the channel socket cannot be set up
	 */
	public int run(ListeningSocket socket) throws IOException {
		long pid = ProcessHandle.current().pid();
		String listen = ListeningSocket.describe(socket.address());
		logger.info("Listening at: {}{} (master pid {})", listen.startsWith("unix:") ? "" : "http://", listen, pid);
		socket.installAsStandardInput();
		Listeners listeners = new Listeners(this.hooks);
		Housekeeping housekeeping = new Housekeeping(this.spawner.classCache());
		WorkerProcesses workers = null;
		try (socket; PidFile pidfile = (this.settings.pidfile() != null) ? PidFile.write(this.settings.pidfile(), pid) : null;
				RuntimeDirectory runtime = this.settings.runtimeDirectoryChosen()
						? RuntimeDirectory.create(this.settings.runtimeDirectory())
						: RuntimeDirectory.createDefault(this.settings.runtimeDirectory());
				MasterSockets channels = MasterSockets.open(runtime.resolve("channel.sock"),
						runtime.resolve(ControlClient.SOCKET_NAME))) {
			EventQueue events = new EventQueue(channels::wakeup);
			workers = new WorkerProcesses(this.spawner, channels, listeners, events);
			Arbiter arbiter = new Arbiter(this.settings.arbiter(), workers,
					Arbiter.warmingAtOnce(Runtime.getRuntime().availableProcessors()));
			workers.serve(arbiter);
			ServerMeters meters = new ServerMeters();
			ReloadPreparation reloads = new ReloadPreparation(this.spawner.classCache(), events);
			Upgrade upgrade = new Upgrade(this.spawner.command().argv(), this.settings.pidfile(), listeners, events);
			upgrade.pidfile(pidfile);
			if (this.settings.runtimeDirectoryChosen()) {
				upgrade.runtimeDirectory(runtime, channels);
			}
			WorkerProcesses all = workers;
			Actions actions = new Actions(arbiter, reloads, upgrade, listeners, () -> {
				this.reopenLogs.run();
				all.reopenLogs();
			});
			Instant startedAt = Instant.now();
			int backlog = ListeningSocket.effectiveBacklog(this.settings.backlog());
			MasterInbox inbox = new MasterInbox(arbiter, workers, actions, meters, this.settings,
					() -> StatusReport.json(arbiter, startedAt, listen, socket.acceptQueue(), backlog,
							this.spawner.classCache().state()));
			this.signals.deliverTo(events::signal);
			warnAboutSignals();
			logger.info("Starting {} worker(s)", this.settings.arbiter().workers());
			logger.info("Control socket: {} (java -jar ... --prefork.ctl=status)", channels.controlPath());
			listeners.call("ready", (hooks) -> hooks.ready(listen));
			listeners.applyHalt(arbiter, System.nanoTime());
			new MasterLoop(arbiter, events, channels, inbox, actions, workers, upgrade, meters, listeners, housekeeping)
				.run();
			if (upgrade.successorRuns()) {
				// the new master serves on this socket: its file stays
				socket.keepFileOnClose();
			}
			int exitCode = arbiter.exitCode().getAsInt();
			listeners.call("stopped", (hooks) -> hooks.stopped(exitCode, arbiter.stopReason()));
			String line = "Shutting down: Master (pid {}). Reason: {}; exit code {}";
			if (exitCode == 0) {
				logger.info(line, pid, arbiter.stopReason(), exitCode);
			}
			else {
				logger.error(line, pid, arbiter.stopReason(), exitCode);
			}
			return exitCode;
		}
		finally {
			// whatever ended the loop, no worker or training run outlives the master
			if (workers != null) {
				workers.killAll();
			}
			housekeeping.stop();
		}
	}

	/** Says at start which signals this master cannot act on, and what does the same. */
	private static void warnAboutSignals() {
		if (!SignalQueue.usr2Free()) {
			logger.info("kill -USR2 is ignored with a warning: this master runs in the JVM it was started with, "
					+ "which uses SIGUSR2 for itself; start it with {}={} in its environment, or keep the default "
					+ "prefork.master-jvm=small, for in-place upgrades by signal. --prefork.ctl=upgrade works either "
					+ "way", SignalQueue.SR_SIGNUM_ENV, SignalQueue.SR_SIGNUM);
		}
		for (String ignored : IgnoredSignals.of(SIGNALS)) {
			logger.warn("SIG{} is ignored in this process, as it was started (nohup, or a background job of a script): "
					+ "kill -{} does nothing; --prefork.ctl={} does the same", ignored, ignored,
					Actions.SIGNAL_COMMANDS.get(ignored));
		}
	}

}
