package dev.prefork.sample;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.prefork.core.channel.Hello;
import dev.prefork.core.control.ControlClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * The master's control socket and its command-line client ({@code --prefork.ctl}), as Gunicorn's
 * gunicornc and Puma's pumactl: status from the master's truth, every signal's action, private to the
 * user that runs the master.
 */
class ControlIT {

	@TempDir
	Path folder;

	@Test
	void theAcceptQueueCountsConnectionsNoWorkerTookYet() throws Exception {
		Path runtime = this.folder.resolve("runtime");
		try (PreforkServer server = PreforkServer.start("accept-queue", "--server.port=0", "--prefork.runtime-dir=" + runtime,
				"--prefork.timeout=120s", "--management.endpoints.web.exposure.include=metrics")) {
			int port = server.port();
			List<Long> workers = server.awaitReady(2).readyWorkerPids();
			ControlClient control = new ControlClient(runtime.resolve(ControlClient.SOCKET_NAME));
			assertThat(control.send("status")).contains("\"accept_queue\":0,\"backlog\":2048");
			List<Socket> clients = new ArrayList<>();
			for (long worker : workers) {
				PreforkServer.signal(worker, "STOP");
			}
			try {
				// a thread blocked in accept() when the signal comes still takes a connection on its way out
				// of the kernel: connect only once every thread of both workers is stopped
				await("both workers stopped").atMost(Duration.ofSeconds(10))
					.until(() -> workers.stream().allMatch(ControlIT::everyThreadStopped));
				for (int i = 0; i < 3; i++) {
					clients.add(new Socket(InetAddress.getLoopbackAddress(), port));
				}
				await("three connections waiting for a stopped worker").atMost(Duration.ofSeconds(10))
					.until(() -> control.send("status").contains("\"accept_queue\":3,"));
			}
			finally {
				for (long worker : workers) {
					PreforkServer.signal(worker, "CONT");
				}
			}
			await("the workers to take them").atMost(Duration.ofSeconds(10))
				.until(() -> control.send("status").contains("\"accept_queue\":0,"));
			for (Socket client : clients) {
				client.close();
			}
			assertThat(Http.get(port, "/actuator/metrics/prefork.listen.queue").body()).contains("\"value\":0.0");
			assertThat(Http.get(port, "/actuator/metrics/prefork.listen.backlog").body()).contains("\"value\":2048.0");
		}
	}

	/** Whether every thread of a process is stopped by a signal ({@code T} in its stat); false once it is gone. */
	private static boolean everyThreadStopped(long pid) {
		try (Stream<Path> threads = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
			return threads.allMatch((thread) -> {
				try {
					String stat = Files.readString(thread.resolve("stat"));
					return stat.charAt(stat.lastIndexOf(')') + 2) == 'T';
				}
				catch (IOException ex) {
					// a thread that ended
					return true;
				}
			});
		}
		catch (IOException ex) {
			return false;
		}
	}

	@Test
	void theCliShowsTheMastersStatusAndDrivesIt() throws Exception {
		Path runtime = this.folder.resolve("runtime");
		try (PreforkServer server = PreforkServer.start("ctl", "--server.port=0", "--prefork.runtime-dir=" + runtime)) {
			int port = server.port();
			List<Long> workers = server.awaitReady(2).readyWorkerPids();
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(runtime))).isEqualTo("rwx------");
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(runtime.resolve("control.sock"))))
				.isEqualTo("rw-------");

			ControlCli table = ControlCli.against(runtime, "--prefork.ctl=status");
			assertThat(table.exitCode()).isZero();
			assertThat(table.output()).contains("Master " + server.masterPid() + " on 0.0.0.0:" + port
					+ ": generation 1, 2 of 2 workers");
			assertThat(table.output()).contains("\nAccept queue: 0 waiting of 2048\n");
			assertThat(table.output()).containsPattern("\nClass cache: (ready|untrained|training): "
					+ java.util.regex.Pattern.quote(PreforkServer.SUITE_CLASS_CACHE.toAbsolutePath().toString()));
			for (long pid : workers) {
				assertThat(table.output()).containsPattern("\\n\\d +" + pid + " +1 +(ready|warming) .* \\d+MB ");
			}

			ControlCli json = ControlCli.against(runtime, "--prefork.ctl=status", "--prefork.ctl-json");
			assertThat(json.output()).contains("\"master\":{\"pid\":" + server.masterPid())
				.contains("\"pid\":" + workers.get(0))
				.contains("\"state\":\"ready\"")
				.containsPattern("\"memory_bytes\":[1-9]\\d{6,}");

			for (int i = 0; i < 3; i++) {
				Http.get(port, "/");
			}
			await("the master to sum 3 requests").atMost(Duration.ofSeconds(20))
				.until(() -> ControlCli.against(runtime, "--prefork.ctl=meters").output()
					.matches("(?s).*\\n3 +\\d+\\.\\d{3}s +\\d+\\.\\d{3}s +http\\.server\\.requests \\{[^}]*status=200, uri=/\\}.*"));

			ControlCli tooMany = ControlCli.against(runtime, "--prefork.ctl=scale 5000");
			assertThat(tooMany.exitCode()).isEqualTo(2);
			assertThat(tooMany.output()).contains("scale takes a number of workers from 1 to 1024");
			assertThat(server.output()).doesNotContain("Scaling up to 5000");

			assertThat(ControlCli.against(runtime, "--prefork.ctl=ttin").exitCode()).isZero();
			await("a third worker").atMost(PreforkServer.BOOT).until(() -> server.readyWorkerPids().size() == 3);
			assertThat(server.output()).contains("Scaling up to 3 workers (control socket: ttin)");
			assertThat(ControlCli.against(runtime, "--prefork.ctl=scale 1").exitCode()).isZero();
			server.awaitLine("Scaling down to 1 workers \\(control socket: scale 1\\)", Duration.ofSeconds(20));

			ControlCli bad = ControlCli.against(runtime, "--prefork.ctl=explode");
			assertThat(bad.exitCode()).isEqualTo(2);
			assertThat(bad.output()).contains("unknown command 'explode'");
		}
	}

	@Test
	void aWorkersTokenIsGoodOnceAndAnOverlongLineClosesTheChannel() throws Exception {
		Path runtime = this.folder.resolve("runtime");
		try (PreforkServer server = PreforkServer.start("channel-token", "--server.port=0",
				"--prefork.runtime-dir=" + runtime)) {
			server.port();
			long worker = server.awaitReady(2).readyWorkerPids().get(0);
			// what any process the application starts could read from its environment
			String environ = Files.readString(Path.of("/proc", Long.toString(worker), "environ"));
			String token = environ.split("PREFORKD_WORKER_TOKEN=")[1].split("\0")[0];
			String slot = environ.split("PREFORKD_WORKER=")[1].split("\0")[0];
			try (SocketChannel forger = SocketChannel.open(UnixDomainSocketAddress.of(runtime.resolve("channel.sock")))) {
				forger.write(ByteBuffer.wrap((Hello.of(Integer.parseInt(slot), token, worker).toMessage().encode() + "READY\n")
					.getBytes(StandardCharsets.UTF_8)));
				server.awaitLine("Refused a channel connection: worker " + slot + " \\(pid " + worker
						+ "\\) has used its token already", Duration.ofSeconds(10));
				assertThat(forger.read(ByteBuffer.allocate(16))).as("closed by the master").isEqualTo(-1);
			}
			try (SocketChannel flood = SocketChannel.open(UnixDomainSocketAddress.of(runtime.resolve("channel.sock")))) {
				ByteBuffer line = ByteBuffer.wrap(new byte[5 * 1024 * 1024]);
				try {
					while (line.hasRemaining()) {
						flood.write(line);
					}
				}
				catch (IOException ex) {
					// the master closed it while it was still writing
				}
				server.awaitLine("Closed the channel of an unidentified peer: it sent a line longer than 4194304 bytes",
						Duration.ofSeconds(10));
			}
			assertThat(server.readyWorkerPids()).hasSize(2).allMatch(PreforkServer::isAlive);
		}
	}

	@Test
	void anotherUserIsRefusedEvenWhenTheFolderIsOpened() throws Exception {
		assumeThat(System.getProperty("user.name")).as("runs as root, to be another user with setpriv").isEqualTo("root");
		assumeThat(Path.of("/usr/bin/setpriv")).exists();
		Path runtime = this.folder.resolve("runtime");
		try (PreforkServer server = PreforkServer.start("ctl-other-user", "--server.port=0",
				"--prefork.runtime-dir=" + runtime)) {
			server.port();
			server.awaitReady(2);
			// open what the master keeps private, so that the peer check is what refuses
			Files.setPosixFilePermissions(this.folder, PosixFilePermissions.fromString("rwxr-xr-x"));
			Files.setPosixFilePermissions(runtime, PosixFilePermissions.fromString("rwxr-xr-x"));
			Files.setPosixFilePermissions(runtime.resolve("control.sock"), PosixFilePermissions.fromString("rw-rw-rw-"));
			ControlCli nobody = ControlCli.run(List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"),
					Map.of(), "--prefork.runtime-dir=" + runtime, "--prefork.ctl=ttin", "--logging.level.root=warn");
			assertThat(nobody.exitCode()).isEqualTo(1);
			assertThat(nobody.output())
				.contains("refused: the control socket answers only the user that runs the master (root)");
			assertThat(server.output()).doesNotContain("Scaling up");
		}
	}

	@Test
	void theCliFindsTheOneLiveMasterPastTheFolderOfAKilledOne() throws Exception {
		Path base = Files.createDirectories(this.folder.resolve("xdg"));
		// a killed master leaves its folder, and its pid may now be another process's: this test JVM's
		Path stale = Files.createDirectories(base.resolve("prefork-" + ProcessHandle.current().pid()));
		Files.writeString(stale.resolve("control.sock"), "");
		Map<String, String> env = Map.of("XDG_RUNTIME_DIR", base.toString());
		try (PreforkServer server = PreforkServer.start("ctl-discovery", env, "--server.port=0")) {
			server.awaitReady(2);
			ControlCli status = ControlCli.run(List.of(), env, "--prefork.ctl=status");
			assertThat(status.output()).contains("Master " + server.masterPid() + " on ").doesNotContain("Several");
			assertThat(status.exitCode()).isZero();
		}
	}

}
