package dev.prefork.core.master;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import dev.prefork.core.LibC;
import dev.prefork.core.arbiter.Arbiter;
import dev.prefork.core.arbiter.ArbiterSettings;
import dev.prefork.core.arbiter.ExitStatus;
import dev.prefork.core.arbiter.SpawnDeclinedException;
import dev.prefork.core.arbiter.WorkerHandle;
import dev.prefork.core.arbiter.WorkerProcessControl;
import dev.prefork.core.channel.Connection;
import dev.prefork.core.channel.Hello;
import dev.prefork.core.channel.MasterSockets;
import dev.prefork.core.channel.Message;
import dev.prefork.core.channel.MessageType;
import dev.prefork.core.spawn.WorkerSpawner;
import dev.prefork.core.worker.WorkerEnvironment;

/**
 * The worker processes, as the {@link WorkerProcessControl} the arbiter acts through: spawning each JVM
 * with a one-off token, matching the channel connection that presents it (HELLO), telling workers
 * to stop over their channel (or signalling one that has not connected), and collecting the exits
 * the JDK reports.
 */
final class WorkerProcesses implements WorkerProcessControl, WorkerTable {

	private static final int SIGQUIT = 3;

	private final WorkerSpawner spawner;

	private final MasterSockets channels;

	private final Listeners listeners;

	private final SecureRandom random = new SecureRandom();

	private final Map<WorkerHandle, Running> running = new ConcurrentHashMap<>();

	private final EventQueue events;

	private Arbiter arbiter;

	/**
	 * @param spawner how to start workers
	 * @param channels the channel socket workers connect to, which also wakes the master's loop
	 * @param listeners the master's hooks
	 * @param events where each worker's exit is posted
	 */
	WorkerProcesses(WorkerSpawner spawner, MasterSockets channels, Listeners listeners, EventQueue events) {
		this.spawner = spawner;
		this.channels = channels;
		this.listeners = listeners;
		this.events = events;
	}

	/** The arbiter whose settings and worker count each spawn reads. */
	void serve(Arbiter arbiter) {
		this.arbiter = arbiter;
	}

	@Override
	public WorkerHandle spawn(int slot, int generation, long nanoTime) throws IOException {
		if (!this.listeners.haltRequested()) {
			this.listeners.call("spawning", (hooks) -> hooks.spawning(slot, generation));
		}
		if (this.listeners.haltRequested()) {
			throw new SpawnDeclinedException("a listener halts the master");
		}
		byte[] secret = new byte[16];
		this.random.nextBytes(secret);
		String token = HexFormat.of().formatHex(secret);
		ArbiterSettings settings = this.arbiter.settings();
		boolean archived = this.spawner.classCache().archiveInUse();
		WorkerSpawner.Spawned spawned = this.spawner.spawn(new WorkerEnvironment(slot, token, this.channels.path(),
				settings.heartbeatInterval(), settings.timeout(), settings.requestLimit(this.random.nextDouble()),
				this.arbiter.warmWorkerServing()),
				this.arbiter.target());
		Process process = spawned.process();
		WorkerHandle worker = new WorkerHandle(slot, generation, process.pid(), nanoTime);
		worker.outOfMemoryHeap(spawned.outOfMemoryHeap());
		this.running.put(worker, new Running(process, token, archived));
		process.onExit().thenRun(() -> this.events.post(new MasterEvent.WorkerExited(worker)));
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

	@Override
	public void dump(WorkerHandle worker) {
		this.listeners.call("aborting", (hooks) -> hooks.aborting(worker.slot(), worker.pid()));
		LibC.INSTANCE.kill((int) worker.pid(), SIGQUIT);
	}

	@Override
	public void kill(WorkerHandle worker) {
		Running running = this.running.get(worker);
		if (running != null) {
			running.process.destroyForcibly();
		}
	}

	/**
	 * {@inheritDoc} A token is good once: the worker says HELLO as soon as its JVM runs prefork's code,
	 * before the application can start a process, so a process that reads the token from the
	 * environment later cannot use it.
	 */
	@Override
	public String hello(Connection connection, String payload) {
		Hello hello;
		try {
			hello = Hello.decode(payload);
		}
		catch (IllegalArgumentException ex) {
			return "not a worker's hello: " + ex.getMessage();
		}
		for (Map.Entry<WorkerHandle, Running> entry : this.running.entrySet()) {
			WorkerHandle worker = entry.getKey();
			Running process = entry.getValue();
			if (!process.token.equals(hello.token())) {
				continue;
			}
			if (worker.slot() != hello.slot() || worker.pid() != hello.pid()) {
				return "it presented worker " + worker.slot() + "'s token as slot " + hello.slot() + ", pid " + hello.pid();
			}
			if (process.connection != null) {
				return "worker " + worker.slot() + " (pid " + worker.pid() + ") has used its token already";
			}
			connection.owner(worker);
			process.connection = connection;
			worker.markConnected();
			return null;
		}
		return "it did not present a live worker's token";
	}

	/** Tells every connected worker to reopen its log files (USR1). */
	void reopenLogs() {
		this.running.values()
			.stream()
			.map((r) -> r.connection)
			.filter(Objects::nonNull)
			.forEach((c) -> c.send(Message.of(MessageType.REOPEN_LOGS)));
	}

	@Override
	public Exit exited(WorkerHandle worker, MasterSockets.Inbox inbox) {
		Running gone = this.running.remove(worker);
		if (gone.connection != null) {
			this.channels.drain(gone.connection, inbox);
		}
		ExitStatus status = ExitStatus.fromExitValue(gone.process.exitValue());
		boolean bootFailure = worker.failedToBoot();
		if (bootFailure && gone.connection == null) {
			// a JVM that died before it reached Spring: distrust the archive it mapped, else check the
			// extraction it ran from
			if (gone.archived) {
				this.spawner.classCache().distrust();
			}
			else {
				this.spawner.classCache().checkExtraction();
			}
		}
		return new Exit(worker, status, bootFailure);
	}

	/** Kills every worker still running: whatever ended the master's loop, no worker outlives it. */
	void killAll() {
		this.running.values().forEach((r) -> r.process.destroyForcibly());
	}

	/** Tells a worker over its channel, or signals it when it has not connected (yet). */
	private void tell(WorkerHandle worker, MessageType type, Consumer<Process> otherwise) {
		Running running = this.running.get(worker);
		if (running == null) {
			return;
		}
		Connection connection = running.connection;
		if (connection == null || !connection.send(Message.of(type))) {
			otherwise.accept(running.process);
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

}
