package dev.prefork.autoconfigure.actuate;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.prefork.core.control.ControlClient;
import dev.prefork.core.control.Json;
import dev.prefork.core.control.ServerStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The health contributor against a real Unix socket that answers as a master would.
 */
class PreforkHealthIndicatorTests {

	private static final List<ServerStatus.Worker> READY = List.of(worker("ready"));

	@TempDir
	Path folder;

	@Test
	void upWithTheMastersFiguresWhenAWorkerIsReady() throws Exception {
		Health health = healthWhenMasterSays(status(false, false, READY));
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("masterPid", 7L).containsEntry("readyWorkers", 1L);
	}

	@Test
	void outOfServiceWhileTheMasterStopsOrKeepsItsWorkersStopped() throws Exception {
		assertThat(healthWhenMasterSays(status(true, false, READY)).getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
		assertThat(healthWhenMasterSays(status(false, true, List.of())).getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
	}

	@Test
	void downWhenNoWorkerIsReady() throws Exception {
		assertThat(healthWhenMasterSays(status(false, false, List.of(worker("booting")))).getStatus()).isEqualTo(Status.DOWN);
	}

	@Test
	void downWhenTheMasterDoesNotAnswer() {
		MasterStatus nobody = new MasterStatus(new ControlClient(this.folder.resolve("absent.sock")));
		Health health = new PreforkHealthIndicator(nobody).health(true);
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat((String) health.getDetails().get("master")).startsWith("not answering on its control socket: ");
	}

	@Test
	void unknownWithinTheTimeoutWhenTheMasterRunsButDoesNotAnswer() throws Exception {
		Path socket = this.folder.resolve("stalled.sock");
		try (ServerSocketChannel stalled = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			stalled.bind(UnixDomainSocketAddress.of(socket));
			MasterStatus master = new MasterStatus(new ControlClient(socket, Duration.ofMillis(500)));
			long started = System.nanoTime();
			Health health = new PreforkHealthIndicator(master).health(true);
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
			assertThat(health.getStatus()).isEqualTo(Status.UNKNOWN);
			assertThat((String) health.getDetails().get("master"))
				.startsWith("not answering: The master did not answer within 0.5 s");
			long again = System.nanoTime();
			assertThat(new PreforkHealthIndicator(master).health(true).getStatus()).isEqualTo(Status.UNKNOWN);
			assertThat(Duration.ofNanos(System.nanoTime() - again)).as("the failure is kept for a second")
				.isLessThan(Duration.ofMillis(400));
		}
	}

	/** The master's answer, as its status report writes it. */
	private static String status(boolean stopping, boolean idle, List<ServerStatus.Worker> workers) {
		ServerStatus status = new ServerStatus(new ServerStatus.Master(7, "2026-12-03T00:00:00Z", 1, "0.0.0.0:8080", 0,
				2048, 1, 1, workers.size(), false, idle, stopping, null), workers,
				new ServerStatus.Figures(Map.of(), 0, 0, 0, 0, 0));
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("ok", true);
		answer.putAll(status.toMap());
		return Json.write(answer);
	}

	private static ServerStatus.Worker worker(String state) {
		return new ServerStatus.Worker(1, 11, 1, state, 1, null, true, null, 0, null, null);
	}

	private Health healthWhenMasterSays(String answer) throws Exception {
		Path socket = this.folder.resolve("control-" + System.nanoTime() + ".sock");
		try (ServerSocketChannel master = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			master.bind(UnixDomainSocketAddress.of(socket));
			Thread answering = new Thread(() -> answerOnce(master, answer));
			answering.start();
			Health health = new PreforkHealthIndicator(new MasterStatus(new ControlClient(socket))).health(true);
			answering.join(5_000);
			return health;
		}
	}

	private static void answerOnce(ServerSocketChannel master, String answer) {
		try (SocketChannel client = master.accept()) {
			client.read(ByteBuffer.allocate(256));
			client.write(ByteBuffer.wrap((answer + "\n").getBytes(StandardCharsets.UTF_8)));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
