package dev.prefork.core.net;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ListeningSocketTests {

	@Test
	void bindFindsTheDescriptorOfItsOwnSocket() throws IOException {
		try (ListeningSocket socket = ListeningSocket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
				16)) {
			assertThat(socket.address().getPort()).isPositive();
			String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + socket.fd())).toString();
			assertThat(target).startsWith("socket:[");
		}
	}

	@Test
	void aPortInUseIsABindException() throws IOException {
		try (ListeningSocket first = ListeningSocket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
				16)) {
			assertThatExceptionOfType(BindException.class).isThrownBy(() -> ListeningSocket.bind(first.address(), 16));
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
	void addressesAreWrittenTheWayOperatorsWriteThem() {
		assertThat(ListeningSocket.describe(new InetSocketAddress(8080))).isEqualTo("0.0.0.0:8080");
		assertThat(ListeningSocket.describe(new InetSocketAddress(InetAddress.getLoopbackAddress(), 80)))
			.isEqualTo("127.0.0.1:80");
	}

}
