package dev.prefork.core.net;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProcNetTests {

	private static final String HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  "
			+ "timeout inode";

	@Test
	void onlyListeningEntriesOnThePortAreTaken() {
		List<String> table = List.of(HEADER,
				"   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 111 1",
				"   1: 0100007F:1F90 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 222 1",
				"   2: 0100007F:1F91 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 333 1");
		assertThat(ProcNet.listeningInodes(table, 8080)).containsExactly("111");
	}

	@Test
	void theAcceptQueueIsTheListeningRowsReceiveQueue() {
		List<String> table = List.of(HEADER,
				"   0: 0100007F:1F90 00000000:0000 0A 00000000:0000001A 00:00000000 00000000     0        0 111 1",
				"   1: 0100007F:1F90 0100007F:C350 01 00000000:00000005 00:00000000 00000000     0        0 222 1");
		assertThat(ProcNet.acceptQueue(table, "111")).isEqualTo(26);
		assertThat(ProcNet.acceptQueue(table, "222")).as("not a listening socket").isEqualTo(-1);
	}

	@Test
	void unixSocketsAreFoundByPath() {
		List<String> table = List.of("Num       RefCount Protocol Flags    Type St Inode Path",
				"0000000000000000: 00000002 00000000 00010000 0001 01 5551 /run/app.sock",
				"0000000000000000: 00000003 00000000 00000000 0001 03 5552 /run/other.sock",
				"0000000000000000: 00000003 00000000 00000000 0001 03 5553");
		assertThat(ProcNet.unixInodes(table, "/run/app.sock")).containsExactly("5551");
	}

	@Test
	void theAddressOfAnInodeIsDecodedFromHostOrder() throws Exception {
		List<String> v4 = List.of(HEADER,
				"   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 111 1");
		assertThat(ProcNet.listeningAddress(v4, "111"))
			.isEqualTo(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 8080));
		List<String> v6 = List.of(HEADER, "   0: 00000000000000000000000001000000:0050 "
				+ "00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 444 1");
		assertThat(ProcNet.listeningAddress(v6, "444"))
			.isEqualTo(new InetSocketAddress(InetAddress.getByName("::1"), 80));
		assertThat(ProcNet.listeningAddress(v4, "999")).isNull();
	}

}
