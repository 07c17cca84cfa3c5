package dev.prefork.sample;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.prefork.core.net.UnixDatagram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * Under systemd the master serves on the socket systemd passes (socket activation, LISTEN_FDS)
 * instead of binding, and tells systemd when it is ready and when it stops (sd_notify).
 */
class SystemdIT {

	private static final Path ACTIVATE = Path.of("/usr/bin/systemd-socket-activate");

	@TempDir
	Path folder;

	@Test
	void socketActivationServesThePassedSocketAndNotifiesSystemd() throws Exception {
		assumeThat(ACTIVATE).as("systemd-socket-activate (Debian package systemd; .ci/run installs it)").exists();
		int port;
		try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = probe.getLocalPort();
		}
		String notifySocket = this.folder.resolve("notify.sock").toString();
		try (UnixDatagram systemd = UnixDatagram.bind(notifySocket);
				PreforkServer server = PreforkServer.startWith("systemd-socket-activate",
						List.of(ACTIVATE.toString(), "-l", "127.0.0.1:" + port, "-E", "NOTIFY_SOCKET"),
						Map.of("NOTIFY_SOCKET", notifySocket), "--server.port=9")) {
			// systemd-socket-activate binds, then starts the server at the first connection, which waits
			// in the socket's queue meanwhile
			server.awaitLine("Listening on 127.0.0.1:" + port + " as 3", Duration.ofSeconds(30));
			CompletableFuture<Http.Response> first = CompletableFuture.supplyAsync(() -> {
				try {
					return Http.get(port, "/pid");
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			});
			assertThat(server.port()).isEqualTo(port);
			assertThat(first.get().status()).isEqualTo(200);
			assertThat(server.output()).contains("Using the listening socket systemd passed (socket activation)")
				.contains("Listening at: http://127.0.0.1:" + port + " (master pid " + server.masterPid() + ")");
			List<String> notifications = new ArrayList<>();
			await("READY=1 from the master").atMost(Duration.ofSeconds(30)).until(() -> {
				drain(systemd, notifications);
				return notifications.stream().anyMatch((n) -> n.startsWith("READY=1\nMAINPID=" + server.masterPid()));
			});
			PreforkServer.signal(server.masterPid(), "TERM");
			assertThat(server.awaitExit(Duration.ofSeconds(40))).isZero();
			drain(systemd, notifications);
			assertThat(notifications).contains("STOPPING=1");
		}
	}

	private static void drain(UnixDatagram socket, List<String> into) {
		for (String message; (message = socket.receive()) != null;) {
			into.add(message);
		}
	}

}
