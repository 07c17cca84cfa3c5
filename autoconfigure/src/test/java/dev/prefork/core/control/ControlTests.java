package dev.prefork.core.control;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assumptions.assumeThat;

class ControlTests {

	@TempDir
	Path folder;

	@Test
	void aMasterThatNeverAnswersMakesTheCallFailAfterItsTimeout() throws IOException {
		Path path = this.folder.resolve("control.sock");
		try (ServerSocketChannel stalled = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			// bound and listening, as a stopped master's socket is: the kernel accepts, nobody answers
			stalled.bind(UnixDomainSocketAddress.of(path));
			ControlClient client = new ControlClient(path, Duration.ofMillis(300));
			long started = System.nanoTime();
			assertThatExceptionOfType(ControlClient.NotAnsweringException.class).isThrownBy(() -> client.send("status"))
				.withMessage("The master did not answer within 0.3 s on " + path + ": it is stopped, paused or busy");
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(250),
					Duration.ofSeconds(2));
		}
	}

	@Test
	void commandsAreParsedWithTheirArgument() {
		assertThat(ControlCommand.parse(" Status ")).isEqualTo(new ControlCommand("status", 0));
		assertThat(ControlCommand.parse("scale 4")).isEqualTo(new ControlCommand("scale", 4));
		assertThat(ControlCommand.parse("scale 4")).hasToString("scale 4");
	}

	@Test
	void aBadCommandSaysWhatIsAllowed() {
		assertThatIllegalArgumentException().isThrownBy(() -> ControlCommand.parse("explode"))
			.withMessageContaining("unknown command 'explode'; commands: status, reload");
		assertThatIllegalArgumentException().isThrownBy(() -> ControlCommand.parse("scale 0"))
			.withMessageContaining("from 1 to 1024");
		assertThatIllegalArgumentException().isThrownBy(() -> ControlCommand.parse("scale 5000"))
			.withMessage("scale takes a number of workers from 1 to 1024, such as 'scale 4'");
		assertThat(ControlCommand.parse("scale 1024").workers()).isEqualTo(1024);
		assertThatIllegalArgumentException().isThrownBy(() -> ControlCommand.parse("scale"));
		assertThatIllegalArgumentException().isThrownBy(() -> ControlCommand.parse("reload now"))
			.withMessage("reload takes no argument");
	}

	@Test
	void aSocketServedByAnotherUserGetsNothing() throws Exception {
		assumeThat(System.getProperty("user.name")).as("serving as nobody needs root").isEqualTo("root");
		assumeThat(Path.of("/usr/bin/setpriv")).as("util-linux's setpriv").isExecutable();
		assumeThat(Path.of("/usr/bin/python3")).as("python3, to serve a socket as nobody").isExecutable();
		Path shared = Files.createTempDirectory(Path.of("/tmp"), "prefork-peer-");
		Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
		Path path = shared.resolve("control.sock");
		String server = "import socket,sys\ns=socket.socket(socket.AF_UNIX)\ns.bind(sys.argv[1])\ns.listen(1)\n"
				+ "print('ready',flush=True)\nc,_=s.accept()\nc.sendall(b'{\"ok\":true}\\n')\nc.recv(100)\n";
		Process nobody = new ProcessBuilder("/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
				"/usr/bin/python3", "-c", server, path.toString()).redirectErrorStream(true).start();
		try {
			assertThat(new String(nobody.getInputStream().readNBytes(6), StandardCharsets.UTF_8)).isEqualTo("ready\n");
			assertThatIOException().isThrownBy(() -> new ControlClient(path, Duration.ofSeconds(2)).send("stop"))
				.withMessage("The socket " + path + " is served by user nobody, not by root: it is not this "
						+ "user's master, and nothing was sent to it");
		}
		finally {
			nobody.destroyForcibly().waitFor();
			Files.deleteIfExists(path);
			Files.delete(shared);
		}
	}

	@Test
	void jsonHasOnlyFiniteNumbers() {
		assertThat(Json.write(List.of(Double.NaN, Double.POSITIVE_INFINITY, 2.5f))).isEqualTo("[null,null,2.500]");
	}

	@Test
	void jsonIsWrittenWithEscapes() {
		Map<String, Object> value = new LinkedHashMap<>();
		value.put("ok", true);
		value.put("text", "a \"b\"\n\\c\u0001");
		value.put("n", 42L);
		value.put("x", 1.5);
		value.put("none", null);
		value.put("list", List.of(1, "two"));
		assertThat(Json.write(value)).isEqualTo(
				"{\"ok\":true,\"text\":\"a \\\"b\\\"\\n\\\\c\\u0001\",\"n\":42,\"x\":1.500,\"none\":null,\"list\":[1,\"two\"]}");
	}

}
