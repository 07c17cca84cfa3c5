package dev.prefork.core.master;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import dev.prefork.core.LibC;
import dev.prefork.core.arbiter.Arbiter;
import dev.prefork.core.arbiter.ArbiterSettings;
import dev.prefork.core.arbiter.ExitStatus;
import dev.prefork.core.arbiter.WorkerControl;
import dev.prefork.core.arbiter.WorkerHandle;
import dev.prefork.core.arbiter.WorkerState;
import dev.prefork.core.channel.ChannelServer;
import dev.prefork.core.channel.Connection;
import dev.prefork.core.channel.Message;
import dev.prefork.core.channel.MessageType;
import dev.prefork.core.control.ControlClient;
import dev.prefork.core.control.ControlCommand;
import dev.prefork.core.control.Json;
import dev.prefork.core.meter.MeterSample;
import dev.prefork.core.meter.ServerMeters;
import dev.prefork.core.net.ListeningSocket;
import dev.prefork.core.signal.IgnoredSignals;
import dev.prefork.core.signal.SignalQueue;
import dev.prefork.core.spawn.ClassCache;
import dev.prefork.core.spawn.WorkerSpawner;
import dev.prefork.core.worker.WorkerEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master process (Gunicorn's arbiter, with its I/O): binds the listening socket, starts the
 * workers, and runs the one loop that turns signals, worker messages and process exits into the
 * {@link Arbiter}'s decisions, until the arbiter says how to exit.
 */
public final class Master {

	private static final Logger logger = LoggerFactory.getLogger(Master.class);

	private static final long TICK_MILLIS = 100;

	private static final long TRIM_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(15);

	private static final int SIGQUIT = 3;

	/** Each signal the master handles, as the control command it stands for. */
	public static final Map<String, String> SIGNAL_COMMANDS = Map.of("TERM", "stop", "INT", "quit", "HUP", "reload",
			"USR1", "reopen-logs", "USR2", "upgrade", "WINCH", "winch", "TTIN", "ttin", "TTOU", "ttou");

	/**
	 * Set in the environment of a new master started by USR2: the old master's pid. The new master
	 * takes over the socket on its standard input instead of binding.
	 */
	public static final String UPGRADE_ENV = "PREFORKD_UPGRADE_FROM";

	private final MasterSettings settings;

	private final WorkerSpawner spawner;

	private final SignalQueue signals;

	private final Runnable reopenLogs;

	private final MasterHooks hooks;

	private final SecureRandom random = new SecureRandom();

	private final Map<WorkerHandle, Running> running = new ConcurrentHashMap<>();

	private final Queue<WorkerHandle> exited = new ConcurrentLinkedQueue<>();

	private final ServerMeters meters = new ServerMeters();

	/** Reloads whose class cache is refreshed: the loop starts their new generation. */
	private final Queue<String> preparedReloads = new ConcurrentLinkedQueue<>();

	private volatile boolean preparing;

	private volatile boolean training;

	private int compactedGeneration;

	private volatile boolean trainingFinished;

	private long nextTrimAt = System.nanoTime() + TRIM_INTERVAL_NANOS;

	private long usr2WarnedAt;

	private final Queue<Process> successorExits = new ConcurrentLinkedQueue<>();

	private volatile Process successor;

	private PidFile pidfile;

	private ChannelServer channels;

	private Arbiter arbiter;

	private String listen;

	private Instant startedAt;

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
		String from = System.getenv(UPGRADE_ENV);
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
		this.listen = ListeningSocket.describe(socket.address());
		logger.info("Listening at: {}{} (master pid {})", this.listen.startsWith("unix:") ? "" : "http://", this.listen,
				pid);
		socket.installAsStandardInput();
		Arbiter arbiter = new Arbiter(this.settings.arbiter(), new ProcessControl());
		this.arbiter = arbiter;
		try (socket; PidFile pidfile = (this.settings.pidfile() != null) ? PidFile.write(this.settings.pidfile(), pid) : null;
				RuntimeDirectory runtime = RuntimeDirectory.create(this.settings.runtimeDirectory());
				ChannelServer channels = ChannelServer.open(runtime.resolve("channel.sock"),
						runtime.resolve(ControlClient.SOCKET_NAME))) {
			this.channels = channels;
			this.pidfile = pidfile;
			this.signals.wakeWith(channels::wakeup);
			if (!SignalQueue.usr2Free()) {
				logger.info("kill -USR2 is ignored with a warning: this master runs in the JVM it was started with, "
						+ "which uses SIGUSR2 for itself; start it with {}={} in its environment, or keep the default "
						+ "prefork.master-jvm=small, for in-place upgrades by signal. --prefork.ctl=upgrade works either "
						+ "way", SignalQueue.SR_SIGNUM_ENV, SignalQueue.SR_SIGNUM);
			}
			for (String ignored : IgnoredSignals.of(List.copyOf(SIGNAL_COMMANDS.keySet()))) {
				logger.warn("SIG{} is ignored in this process, as it was started (nohup, or a background job of a script): "
						+ "kill -{} does nothing; --prefork.ctl={} does the same", ignored, ignored,
						SIGNAL_COMMANDS.get(ignored));
			}
			logger.info("Starting {} worker(s)", this.settings.arbiter().workers());
			this.startedAt = Instant.now();
			logger.info("Control socket: {} (java -jar ... --prefork.ctl=status)", channels.controlPath());
			hook("ready", () -> this.hooks.ready(this.listen));
			// signals that came while the master started: a TERM then stops it before any worker starts
			for (String signal : this.signals.drain()) {
				onSignal(arbiter, signal);
			}
			if (arbiter.exitCode().isEmpty() && !arbiter.stopping()) {
				arbiter.start(System.nanoTime());
			}
			Inbox inbox = new Inbox(arbiter);
			SystemdNotifier systemd = SystemdNotifier.fromEnvironment();
			while (arbiter.exitCode().isEmpty()) {
				int target = arbiter.target();
				systemd.notify(systemdState(arbiter, pid));
				channels.poll(TICK_MILLIS, inbox);
				for (String signal : this.signals.drain()) {
					onSignal(arbiter, signal);
				}
				for (String reason; (reason = this.preparedReloads.poll()) != null;) {
					this.preparing = false;
					arbiter.reload(arbiter.settings(), reason, System.nanoTime());
				}
				for (Process gone; (gone = this.successorExits.poll()) != null;) {
					successorExited(arbiter, gone);
				}
				for (WorkerHandle worker; (worker = this.exited.poll()) != null;) {
					Running gone = this.running.remove(worker);
					if (gone.connection != null) {
						channels.drain(gone.connection, inbox);
					}
					ExitStatus status = ExitStatus.fromExitValue(gone.process.exitValue());
					boolean bootFailure = worker.bootSeconds() < 0 && worker.state() != WorkerState.STOPPING;
					if (bootFailure && gone.archived && gone.connection == null) {
						this.spawner.classCache().distrust();
					}
					arbiter.exited(worker, status, System.nanoTime());
					this.meters.exited(worker);
					WorkerHandle dead = worker;
					hook("exited", () -> this.hooks.exited(dead.slot(), dead.pid(), dead.generation(), status,
							(System.nanoTime() - dead.spawnedAt()) / 1e9, bootFailure));
				}
				arbiter.tick(System.nanoTime());
				trainClassCacheWhenServing(arbiter);
				keepFootprintSmall(arbiter, System.nanoTime());
				if (arbiter.target() != target) {
					int before = target;
					hook("workerCountChanged", () -> this.hooks.workerCountChanged(before, arbiter.target()));
				}
			}
			Process next = this.successor;
			if (next != null && next.isAlive()) {
				// the new master serves on this socket: its file stays
				socket.keepFileOnClose();
			}
			int exitCode = arbiter.exitCode().getAsInt();
			hook("stopped", () -> this.hooks.stopped(exitCode, arbiter.stopReason()));
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
			this.running.values().forEach((r) -> r.process.destroyForcibly());
			this.spawner.classCache().stopTraining();
		}
	}

	/**
	 * Trains the class cache in the background once every worker serves, so that the training run
	 * never slows the first workers' boot; workers spawned later (recycling, crashes, scaling, reloads)
	 * map the archive.
	 */
	private void trainClassCacheWhenServing(Arbiter arbiter) {
		ClassCache cache = this.spawner.classCache();
		if (this.training || this.preparing || !cache.needsTraining() || !arbiter.settled()) {
			return;
		}
		this.training = true;
		Thread thread = new Thread(() -> {
			try {
				cache.train();
			}
			finally {
				this.trainingFinished = true;
				this.training = false;
			}
		}, "prefork-class-cache");
		thread.setDaemon(true);
		thread.start();
	}

	/**
	 * Gives the master's start-up memory back once each generation serves and any class cache
	 * training is over: starting the application's Environment, the workers and the training run
	 * leaves heap and native memory the master never needs again (about 60 MB on a small
	 * application). In between, trims the native heap every 15 seconds.
	 */
	private void keepFootprintSmall(Arbiter arbiter, long now) {
		if (arbiter.settled() && !this.training
				&& (this.compactedGeneration != arbiter.generation() || this.trainingFinished)) {
			this.compactedGeneration = arbiter.generation();
			this.trainingFinished = false;
			MasterFootprint.shrink();
			this.nextTrimAt = now + TRIM_INTERVAL_NANOS;
		}
		else if (now - this.nextTrimAt >= 0) {
			MasterFootprint.trimNativeHeap();
			this.nextTrimAt = now + TRIM_INTERVAL_NANOS;
		}
	}

	private void onSignal(Arbiter arbiter, String signal) {
		if (signal.equals("USR2") && !SignalQueue.usr2Free()) {
			long now = System.nanoTime();
			if (this.usr2WarnedAt == 0 || now - this.usr2WarnedAt > TRIM_INTERVAL_NANOS) {
				this.usr2WarnedAt = now;
				logger.warn("Ignoring SIGUSR2: this master's JVM uses it for itself (start the master with {}={}, or "
						+ "keep prefork.master-jvm=small, for upgrades by signal); --prefork.ctl=upgrade upgrades it now",
						SignalQueue.SR_SIGNUM_ENV, SignalQueue.SR_SIGNUM);
			}
			return;
		}
		String command = SIGNAL_COMMANDS.get(signal);
		if (command != null) {
			perform(arbiter, new ControlCommand(command, 0), "SIG" + signal);
		}
	}

	/**
	 * Calls a hook: a halt request stops the server with the hook's code; anything else a hook throws
	 * is logged and changes nothing.
	 */
	private void hook(String name, Runnable call) {
		try {
			call.run();
		}
		catch (MasterHooks.HaltRequest halt) {
			logger.warn("Halting: {} (asked by a listener of the {} hook); exit code {}", halt.getMessage(), name,
					halt.exitCode());
			this.arbiter.halt(halt.exitCode(), halt.getMessage(), System.nanoTime());
		}
		catch (RuntimeException | LinkageError ex) {
			logger.error("A listener of the {} hook failed; the master carries on", name, ex);
		}
	}

	/**
	 * Does what a signal or a control command asks: the one place every action is taken.
	 * @return why it was refused, or null when it was taken
	 */
	private String perform(Arbiter arbiter, ControlCommand command, String reason) {
		long now = System.nanoTime();
		switch (command.name()) {
			case "stop" -> arbiter.stopGracefully(reason, now);
			case "quit" -> arbiter.stopQuickly(reason, now);
			case "reload" -> {
				if (arbiter.idle()) {
					arbiter.resume(reason, now);
				}
				else {
					return startReload(arbiter, reason);
				}
			}
			case "upgrade" -> {
				String busy = busy(arbiter, reason);
				if (busy != null) {
					return busy;
				}
				upgrade(reason);
			}
			case "reopen-logs" -> {
				this.reopenLogs.run();
				this.running.values().stream()
					.map((r) -> r.connection)
					.filter(Objects::nonNull)
					.forEach((c) -> c.send(Message.of(MessageType.REOPEN_LOGS)));
			}
			case "winch" -> arbiter.idle(reason, now);
			case "ttin", "scale" -> {
				int wanted = command.name().equals("ttin") ? arbiter.target() + 1 : command.workers();
				String busy = busy(arbiter, reason);
				if (busy != null) {
					return busy;
				}
				String refusal = WorkerCapacity.refusal(wanted, arbiter.target(),
						arbiter.workers().stream().map(WorkerHandle::pid).toList());
				if (refusal != null) {
					logger.warn("Not scaling to {} workers ({}): {}", wanted, reason, refusal);
					return refusal;
				}
				if (command.name().equals("ttin")) {
					arbiter.increment(reason, now);
				}
				else {
					arbiter.scale(wanted, reason, now);
				}
			}
			case "ttou" -> {
				String busy = busy(arbiter, reason);
				if (busy != null) {
					return busy;
				}
				arbiter.decrement(reason, now);
			}
			default -> {
				// status changes nothing
			}
		}
		return null;
	}

	/**
	 * Why the server takes no change now (one change at a time), logged, or null: a reload being
	 * prepared counts, as the arbiter's own reasons do.
	 */
	private String busy(Arbiter arbiter, String reason) {
		if (this.preparing) {
			logger.warn("Ignoring {}: a reload is under way", reason);
			return "a reload is under way";
		}
		return arbiter.acceptsChange(reason) ? null : arbiter.busy();
	}

	private static String systemdState(Arbiter arbiter, long pid) {
		if (arbiter.stopping()) {
			return "STOPPING=1";
		}
		if (arbiter.reloading()) {
			return "RELOADING=1";
		}
		boolean serving = arbiter.workers().stream().anyMatch((w) -> w.state() == WorkerState.READY);
		return serving ? "READY=1\nMAINPID=" + pid + "\nSTATUS=" + arbiter.target() + " worker(s), generation "
				+ arbiter.generation() : "STATUS=booting workers";
	}

	/**
	 * Starts a new master with this master's command line and socket (USR2), as Gunicorn and Unicorn
	 * do: the new master boots its own workers on the same socket while this one keeps serving, until
	 * WINCH stops this master's workers and TERM stops this master.
	 */
	private void upgrade(String reason) {
		Process current = this.successor;
		if (current != null && current.isAlive()) {
			logger.warn("Ignoring {}: new master {} is already running", reason, current.pid());
			return;
		}
		try {
			if (this.pidfile != null) {
				this.pidfile.moveTo(java.nio.file.Path.of(this.settings.pidfile() + ".oldbin"));
			}
			ProcessBuilder builder = new ProcessBuilder(this.spawner.command().argv()).inheritIO();
			builder.environment().put(UPGRADE_ENV, Long.toString(ProcessHandle.current().pid()));
			Process started = builder.start();
			this.successor = started;
			hook("upgrading", () -> this.hooks.upgrading(started.pid()));
			started.onExit().thenRun(() -> {
				this.successorExits.add(started);
				this.channels.wakeup();
			});
			logger.info("Upgrading ({}): started new master with pid {}; this master keeps serving until WINCH "
					+ "stops its workers and TERM stops it", reason, started.pid());
		}
		catch (IOException ex) {
			logger.error("Could not start a new master ({}): {}", reason, ex.getMessage());
			restorePidfile();
		}
	}

	private void successorExited(Arbiter arbiter, Process gone) {
		logger.error("New master (pid {}) exited ({}); this master keeps serving", gone.pid(),
				ExitStatus.fromExitValue(gone.exitValue()));
		restorePidfile();
		if (arbiter.idle()) {
			arbiter.resume("the new master is gone", System.nanoTime());
		}
	}

	private void restorePidfile() {
		if (this.pidfile == null) {
			return;
		}
		try {
			this.pidfile.moveTo(this.settings.pidfile());
		}
		catch (IOException ex) {
			logger.warn("Could not move the pidfile back to {}: {}", this.settings.pidfile(), ex.getMessage());
		}
	}

	/**
	 * Starts a reload: refreshes the class cache off the loop (a new jar is extracted before anything
	 * runs it), then the loop starts the new generation. Its workers read the configuration and code
	 * now on disk and report what they bound; an invalid configuration fails their boot, which rolls
	 * the reload back.
	 */
	private String startReload(Arbiter arbiter, String reason) {
		String busy = busy(arbiter, reason);
		if (busy != null) {
			return busy;
		}
		logger.info("Reloading ({}): starting a new generation with the configuration and code now on disk", reason);
		hook("reloading", this.hooks::reloading);
		this.preparing = true;
		Thread thread = new Thread(() -> {
			this.spawner.classCache().refresh();
			this.preparedReloads.add(reason);
			this.channels.wakeup();
		}, "prefork-reload");
		thread.setDaemon(true);
		thread.start();
		return null;
	}

	/** A worker reported its settings: a reload's new generation takes the first report. */
	private void settingsReported(Arbiter arbiter, WorkerHandle worker, String payload) {
		BoundSettings reported;
		try {
			reported = BoundSettings.decode(payload, this.settings.arbiter().quickTimeout());
		}
		catch (IllegalArgumentException ex) {
			logger.warn("Worker {} (pid {}) sent settings the master cannot read: {}", worker.slot(), worker.pid(),
					ex.getMessage());
			return;
		}
		if (arbiter.adopt(worker, reported.arbiter(), System.nanoTime())) {
			String configured = this.settings.listen();
			if (!configured.equals(reported.listen())) {
				logger.warn("The listening address changed from {} to {}; a reload keeps the socket it has ({}): "
						+ "restart the master to listen on the new address", configured, reported.listen(), this.listen);
			}
		}
	}

	/** A worker process and, once it said hello, its channel. */
	private static final class Running {

		private final Process process;

		private final String token;

		private final boolean archived;

		private volatile Connection connection;

		Running(Process process, String token, boolean archived) {
			this.process = process;
			this.token = token;
			this.archived = archived;
		}

	}

	/** The real {@link WorkerControl}: JVM processes and their channels. */
	private final class ProcessControl implements WorkerControl {

		@Override
		public WorkerHandle spawn(int slot, int generation, long nanoTime) throws IOException {
			hook("spawning", () -> Master.this.hooks.spawning(slot, generation));
			if (Master.this.arbiter.stopping()) {
				throw new IOException("a listener halted the master");
			}
			byte[] secret = new byte[16];
			Master.this.random.nextBytes(secret);
			String token = HexFormat.of().formatHex(secret);
			ArbiterSettings settings = Master.this.arbiter.settings();
			boolean archived = Master.this.spawner.classCache().archiveInUse();
			Process process = Master.this.spawner
				.spawn(new WorkerEnvironment(slot, token, Master.this.channels.path(), settings.heartbeatInterval(),
						settings.timeout(), settings.requestLimit(Master.this.random.nextDouble())),
						Master.this.arbiter.target());
			WorkerHandle worker = new WorkerHandle(slot, generation, process.pid(), nanoTime);
			worker.outOfMemoryHeap(Master.this.spawner.outOfMemoryHeap(Master.this.arbiter.target()));
			Master.this.running.put(worker, new Running(process, token, archived));
			process.onExit().thenRun(() -> {
				Master.this.exited.add(worker);
				Master.this.channels.wakeup();
			});
			return worker;
		}

		@Override
		public void terminate(WorkerHandle worker) {
			tell(worker, MessageType.STOP, Process::destroy);
		}

		@Override
		public void quit(WorkerHandle worker) {
			tell(worker, MessageType.QUIT, Process::destroyForcibly);
		}

		/** Tells a worker over its channel, or signals it when it has not connected (yet). */
		private void tell(WorkerHandle worker, MessageType type, java.util.function.Consumer<Process> otherwise) {
			Running running = Master.this.running.get(worker);
			if (running == null) {
				return;
			}
			Connection connection = running.connection;
			if (connection == null || !connection.send(Message.of(type))) {
				otherwise.accept(running.process);
			}
		}

		@Override
		public void dump(WorkerHandle worker) {
			hook("aborting", () -> Master.this.hooks.aborting(worker.slot(), worker.pid()));
			LibC.INSTANCE.kill((int) worker.pid(), SIGQUIT);
		}

		@Override
		public void kill(WorkerHandle worker) {
			Running running = Master.this.running.get(worker);
			if (running != null) {
				running.process.destroyForcibly();
			}
		}

	}

	/** Matches connections to workers and passes what they say to the arbiter. */
	private final class Inbox implements ChannelServer.Inbox {

		private final Arbiter arbiter;

		Inbox(Arbiter arbiter) {
			this.arbiter = arbiter;
		}

		@Override
		public void received(Connection connection, Message message) {
			if (connection.owner() instanceof WorkerHandle worker) {
				switch (message.type()) {
					case HEARTBEAT -> {
						this.arbiter.heartbeat(worker, System.nanoTime());
						if (message.payload().matches("[0-9]{1,18}")) {
							worker.requestsServed(Long.parseLong(message.payload()));
						}
					}
					case METERS -> Master.this.meters.report(worker, MeterSample.decodeAll(message.payload()));
					case SETTINGS -> settingsReported(this.arbiter, worker, message.payload());
					case READY -> this.arbiter.ready(worker, System.nanoTime());
					case RETIRE -> this.arbiter.recycle(worker, message.payload(), System.nanoTime());
					case BOOT_FAILED -> worker.reportBootFailure(message.payload());
					case FAILURE_ANALYSIS -> worker.reportFailureAnalysis(message.payload());
					default -> logger.debug("Unexpected {} from {}", message.type(), worker);
				}
			}
			else if (message.type() == MessageType.HELLO) {
				hello(connection, message.payload());
			}
			else {
				connection.close();
			}
		}

		private void hello(Connection connection, String payload) {
			String[] words = payload.split(" ");
			for (Map.Entry<WorkerHandle, Running> entry : Master.this.running.entrySet()) {
				WorkerHandle worker = entry.getKey();
				if (words.length == 3 && entry.getValue().token.equals(words[1])
						&& Integer.toString(worker.slot()).equals(words[0])) {
					connection.owner(worker);
					entry.getValue().connection = connection;
					worker.markConnected();
					return;
				}
			}
			logger.warn("Refused a channel connection that did not present a live worker's token");
			connection.close();
		}

		@Override
		public void control(Connection connection, String line) {
			ControlCommand command;
			try {
				command = ControlCommand.parse(line);
			}
			catch (IllegalArgumentException ex) {
				connection.answer(Json.write(Map.of("ok", false, "error", ex.getMessage())));
				return;
			}
			if (command.name().equals("meters")) {
				connection.answer(Json.write(Map.of("ok", true, "meters",
						Master.this.meters.sums().stream().map(MeterSample::toMap).toList())));
				return;
			}
			if (!command.name().equals("status")) {
				logger.info("Control socket: {}", command);
				String refusal = perform(this.arbiter, command, "control socket: " + command);
				if (refusal != null) {
					connection.answer(Json.write(Map.of("ok", false, "error", refusal)));
					return;
				}
			}
			connection.answer(StatusReport.json(this.arbiter, Master.this.startedAt, Master.this.listen,
					Master.this.preparing, Master.this.spawner.classCache().state()));
		}

		@Override
		public void closed(Connection connection) {
			// the process exit that follows is what the arbiter acts on
		}

	}

}
