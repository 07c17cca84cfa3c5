package dev.prefork.core.net;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
	void onlyListeningEntriesOnThePortAreTaken() {
		List<String> table = List.of(
				"  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
				"   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 111 1",
				"   1: 0100007F:1F90 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 222 1",
				"   2: 0100007F:1F91 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 333 1");
		assertThat(ListeningSocket.listeningInodes(table, 8080)).containsExactly("111");
	}

	@Test
	void addressesAreWrittenTheWayOperatorsWriteThem() {
		assertThat(ListeningSocket.describe(new InetSocketAddress(8080))).isEqualTo("0.0.0.0:8080");
		assertThat(ListeningSocket.describe(new InetSocketAddress(InetAddress.getLoopbackAddress(), 80)))
			.isEqualTo("127.0.0.1:80");
	}

}
