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

import dev.prefork.core.control.ControlClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The health contributor against a real Unix socket that answers as a master would.
 */
class PreforkHealthIndicatorTests {

	private static final String READY = "{\"id\":1,\"pid\":11,\"generation\":1,\"state\":\"ready\"}";

	@TempDir
	Path folder;

	@Test
	void upWithTheMastersFiguresWhenAWorkerIsReady() throws Exception {
		Health health = healthWhenMasterSays(status(false, false, READY));
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("masterPid", 7).containsEntry("readyWorkers", 1L);
	}

	@Test
	void outOfServiceWhileTheMasterStopsOrKeepsItsWorkersStopped() throws Exception {
		assertThat(healthWhenMasterSays(status(true, false, READY)).getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
		assertThat(healthWhenMasterSays(status(false, true, "")).getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
	}

	@Test
	void downWhenNoWorkerIsReady() throws Exception {
		String booting = "{\"id\":1,\"pid\":11,\"generation\":1,\"state\":\"booting\"}";
		assertThat(healthWhenMasterSays(status(false, false, booting)).getStatus()).isEqualTo(Status.DOWN);
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

	private static String status(boolean stopping, boolean idle, String workers) {
		return "{\"ok\":true,\"master\":{\"pid\":7,\"generation\":1,\"target_workers\":1,\"reloading\":false,"
				+ "\"idle\":" + idle + ",\"stopping\":" + stopping + "},\"workers\":[" + workers + "]}";
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
