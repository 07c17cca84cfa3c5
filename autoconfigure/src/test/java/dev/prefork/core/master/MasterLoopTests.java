package dev.prefork.core.master;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.prefork.core.arbiter.Arbiter;
import dev.prefork.core.arbiter.ArbiterSettings;
import dev.prefork.core.arbiter.ExitStatus;
import dev.prefork.core.arbiter.WorkerHandle;
import dev.prefork.core.arbiter.WorkerProcessControl;
import dev.prefork.core.channel.Connection;
import dev.prefork.core.channel.Hello;
import dev.prefork.core.channel.MasterSockets;
import dev.prefork.core.channel.Message;
import dev.prefork.core.channel.MessageType;
import dev.prefork.core.control.ControlClient;
import dev.prefork.core.meter.ServerMeters;
import dev.prefork.core.spawn.ClassCache;
import dev.prefork.core.spawn.JavaCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The master's loop with its real sockets, queue, inbox, actions and arbiter, and a table of workers
 * without processes: the test plays the workers over the channel socket and posts their exits as the
 * JDK's process reaper would.
 */
class MasterLoopTests {

	@TempDir
	Path runtime;

	private final List<String> calls = new CopyOnWriteArrayList<>();

	private final ExecutorService loopThread = Executors.newSingleThreadExecutor();

	private final List<SocketChannel> workerChannels = new CopyOnWriteArrayList<>();

	private final Table table = new Table();

	private MasterSockets sockets;

	private EventQueue events;

	@AfterEach
	void stop() throws IOException {
		for (SocketChannel channel : this.workerChannels) {
			channel.close();
		}
		this.loopThread.shutdownNow();
		if (this.sockets != null) {
			this.sockets.close();
		}
	}

	@Test
	void aTermStopsTheServerOnceEveryWorkerHasExited() throws Exception {
		Future<Integer> exit = run(MasterHooks.NONE);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.calls.containsAll(List.of("spawn 1", "spawn 2")));
		this.events.signal("TERM");
		assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
		assertThat(this.calls).containsExactly("spawn 1", "spawn 2", "terminate 1", "terminate 2");
	}

	@Test
	void aListenerThatHaltsWhenAWorkerCrashesStopsTheServerWithItsCodeAndNothingIsRespawned() throws Exception {
		Future<Integer> exit = run(new MasterHooks() {
			@Override
			public void exited(int slot, long pid, int generation, ExitStatus status, double uptimeSeconds,
					boolean bootFailure) {
				throw new HaltRequest(9, "worker " + slot + " crashed");
			}
		});
		await().atMost(Duration.ofSeconds(10)).until(() -> this.calls.containsAll(List.of("spawn 1", "spawn 2")));
		serve(1);
		serve(2);
		ControlClient control = new ControlClient(this.runtime.resolve(ControlClient.SOCKET_NAME));
		await().atMost(Duration.ofSeconds(10))
			.until(() -> control.send("status").split("\"state\":\"ready\"", -1).length - 1 == 2);
		this.events.post(new MasterEvent.WorkerExited(this.table.bySlot.get(1)));
		assertThat(exit.get(10, TimeUnit.SECONDS)).isEqualTo(9);
		assertThat(this.calls).containsExactly("spawn 1", "spawn 2", "exit 1", "terminate 2");
	}

	private Future<Integer> run(MasterHooks hooks) throws IOException {
		this.sockets = MasterSockets.open(this.runtime.resolve("channel.sock"),
				this.runtime.resolve(ControlClient.SOCKET_NAME));
		this.events = new EventQueue(this.sockets::wakeup);
		Listeners listeners = new Listeners(hooks);
		ArbiterSettings settings = new ArbiterSettings(2, Duration.ofSeconds(20), Duration.ofSeconds(30),
				Duration.ofSeconds(60), Duration.ofSeconds(5));
		Arbiter arbiter = new Arbiter(settings, this.table);
		ClassCache classCache = ClassCache.off(JavaCommand.of(List.of("java", "-jar", "app.jar")), "a test");
		Upgrade upgrade = new Upgrade(List.of("java", "-jar", "app.jar"), null, listeners, this.events);
		Actions actions = new Actions(arbiter, new ReloadPreparation(classCache, this.events), upgrade, listeners, () -> {
		});
		ServerMeters meters = new ServerMeters();
		MasterSettings master = new MasterSettings(new InetSocketAddress(0), null, 2048, this.runtime, false, null,
				settings);
		MasterInbox inbox = new MasterInbox(arbiter, this.table, actions, meters, master,
				() -> StatusReport.json(arbiter, Instant.now(), "0.0.0.0:0", -1, 2048, "off"));
		MasterLoop loop = new MasterLoop(arbiter, this.events, this.sockets, inbox, actions, this.table, upgrade, meters,
				listeners, new Housekeeping(classCache));
		return this.loopThread.submit(loop::run);
	}

	/** Plays worker {@code slot}: says hello over the channel socket, then that it is ready and warm. */
	private void serve(int slot) throws IOException {
		WorkerHandle worker = this.table.bySlot.get(slot);
		SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
		channel.connect(UnixDomainSocketAddress.of(this.runtime.resolve("channel.sock")));
		this.workerChannels.add(channel);
		for (Message message : List.of(Hello.of(slot, "token-" + slot, worker.pid()).toMessage(),
				Message.of(MessageType.READY), Message.of(MessageType.WARM))) {
			channel.write(ByteBuffer.wrap(message.encode().getBytes(StandardCharsets.UTF_8)));
		}
	}

	/** Workers without processes: each stop asked for is an exit posted at once, as the reaper would. */
	private final class Table implements WorkerProcessControl, WorkerTable {

		private final Map<Integer, WorkerHandle> bySlot = new ConcurrentHashMap<>();

		private long nextPid = Integer.MAX_VALUE - 100;

		@Override
		public WorkerHandle spawn(int slot, int generation, long nanoTime) {
			WorkerHandle worker = new WorkerHandle(slot, generation, this.nextPid++, nanoTime);
			this.bySlot.put(slot, worker);
			MasterLoopTests.this.calls.add("spawn " + slot);
			return worker;
		}

		@Override
		public void terminate(WorkerHandle worker) {
			MasterLoopTests.this.calls.add("terminate " + worker.slot());
			MasterLoopTests.this.events.post(new MasterEvent.WorkerExited(worker));
		}

		@Override
		public void quit(WorkerHandle worker) {
			MasterLoopTests.this.calls.add("quit " + worker.slot());
			MasterLoopTests.this.events.post(new MasterEvent.WorkerExited(worker));
		}

		@Override
		public void dump(WorkerHandle worker) {
			MasterLoopTests.this.calls.add("dump " + worker.slot());
		}

		@Override
		public void kill(WorkerHandle worker) {
			MasterLoopTests.this.calls.add("kill " + worker.slot());
			MasterLoopTests.this.events.post(new MasterEvent.WorkerExited(worker));
		}

		@Override
		public String hello(Connection connection, String payload) {
			Hello hello = Hello.decode(payload);
			WorkerHandle worker = this.bySlot.get(hello.slot());
			connection.owner(worker);
			worker.markConnected();
			return null;
		}

		@Override
		public Exit exited(WorkerHandle worker, MasterSockets.Inbox inbox) {
			boolean asked = MasterLoopTests.this.calls.contains("terminate " + worker.slot());
			if (!asked) {
				MasterLoopTests.this.calls.add("exit " + worker.slot());
			}
			return new Exit(worker, ExitStatus.fromExitValue(asked ? 0 : 1), worker.failedToBoot());
		}

	}

}
