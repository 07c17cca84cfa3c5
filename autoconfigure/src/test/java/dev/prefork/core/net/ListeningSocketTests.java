package dev.prefork.core.net;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

class ListeningSocketTests {

	@Test
	void bindFindsTheDescriptorOfItsOwnSocket() throws IOException {
		try (ListeningSocket socket = ListeningSocket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
				16)) {
			assertThat(((InetSocketAddress) socket.address()).getPort()).isPositive();
			String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + socket.fd())).toString();
			assertThat(target).startsWith("socket:[");
		}
	}

	@Test
	void connectionsNoOneAcceptedWaitInTheAcceptQueue() throws IOException {
		try (ListeningSocket socket = ListeningSocket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
				16)) {
			assertThat(socket.acceptQueue()).isZero();
			List<Socket> clients = new ArrayList<>();
			try {
				for (int i = 0; i < 3; i++) {
					clients.add(new Socket(InetAddress.getLoopbackAddress(),
							((InetSocketAddress) socket.address()).getPort()));
				}
				await("three connections in the accept queue")
					.atMost(Duration.ofSeconds(5))
					.until(socket::acceptQueue, (queued) -> queued == 3);
			}
			finally {
				for (Socket client : clients) {
					client.close();
				}
			}
		}
		assertThat(ListeningSocket.effectiveBacklog(1_000_000)).isLessThan(1_000_000).isPositive();
		assertThat(ListeningSocket.effectiveBacklog(16)).isEqualTo(16);
	}

	@Test
	void aPortInUseIsABindException() throws IOException {
		try (ListeningSocket first = ListeningSocket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
				16)) {
			assertThatExceptionOfType(BindException.class)
				.isThrownBy(() -> ListeningSocket.bind((InetSocketAddress) first.address(), 16));
		}
	}

	@Test
	void aDescriptorPassedBySystemdIsAdoptedWithItsAddress() throws IOException {
		try (ListeningSocket bound = ListeningSocket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
				16)) {
			ListeningSocket adopted = ListeningSocket.adopt(bound.fd());
			assertThat(adopted.address()).isEqualTo(bound.address());
			assertThat(adopted.fd()).isEqualTo(bound.fd());
		}
	}

	@Test
	void aDescriptorThatIsNotAListeningSocketIsRefused() {
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> ListeningSocket.adopt(1))
			.withMessageContaining("is not a listening TCP socket");
	}

	@Test
	void aUnixSocketIsBoundFoundAndItsFileRemovedOnClose(@TempDir Path folder) throws IOException {
		Path path = folder.resolve("app.sock");
		try (ListeningSocket socket = ListeningSocket.bindUnix(path, 16)) {
			assertThat(path).exists();
			assertThat(ListeningSocket.describe(socket.address())).isEqualTo("unix:" + path);
			String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + socket.fd())).toString();
			assertThat(target).startsWith("socket:[");
			assertThatExceptionOfType(BindException.class).isThrownBy(() -> ListeningSocket.bindUnix(path, 16));
		}
		assertThat(path).doesNotExist();
	}

	@Test
	void aStaleUnixSocketFileIsReplacedAndAKeptOneStays(@TempDir Path folder) throws IOException {
		Path path = folder.resolve("app.sock");
		ListeningSocket first = ListeningSocket.bindUnix(path, 16);
		first.keepFileOnClose();
		first.close();
		assertThat(path).exists();
		try (ListeningSocket second = ListeningSocket.bindUnix(path, 16)) {
			assertThat(path).exists();
		}
	}

	@Test
	void aFileThatIsNotASocketIsNeverRemoved(@TempDir Path folder) throws IOException {
		Path regular = Files.writeString(folder.resolve("app.sock"), "precious");
		assertThatExceptionOfType(BindException.class).isThrownBy(() -> ListeningSocket.bindUnix(regular, 16))
			.withMessageContaining("exists and is not a socket");
		assertThat(regular).hasContent("precious");
		Path link = Files.createSymbolicLink(folder.resolve("link.sock"), regular);
		assertThatExceptionOfType(BindException.class).isThrownBy(() -> ListeningSocket.bindUnix(link, 16));
		assertThat(link).isSymbolicLink();
		assertThat(regular).hasContent("precious");
	}

	@Test
	void addressesAreWrittenTheWayOperatorsWriteThem() {
		assertThat(ListeningSocket.describe(new InetSocketAddress(8080))).isEqualTo("0.0.0.0:8080");
		assertThat(ListeningSocket.describe(new InetSocketAddress(InetAddress.getLoopbackAddress(), 80)))
			.isEqualTo("127.0.0.1:80");
	}

}
