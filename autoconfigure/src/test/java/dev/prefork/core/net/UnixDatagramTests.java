package dev.prefork.core.net;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class UnixDatagramTests {

	@TempDir
	Path folder;

	@Test
	void aDatagramSentToAPathArrives() throws Exception {
		String path = this.folder.resolve("notify.sock").toString();
		assertRoundTrip(path);
	}

	@Test
	void aDatagramSentToAnAbstractNameArrives() throws Exception {
		assertRoundTrip("@prefork-test-" + ProcessHandle.current().pid());
	}

	private static void assertRoundTrip(String path) throws Exception {
		try (UnixDatagram receiver = UnixDatagram.bind(path); UnixDatagram sender = UnixDatagram.open()) {
			assertThat(receiver.receive()).isNull();
			sender.send(path, "READY=1\nMAINPID=42");
			AtomicReference<String> received = new AtomicReference<>();
			await().atMost(Duration.ofSeconds(5)).until(() -> {
				received.set(receiver.receive());
				return received.get() != null;
			});
			assertThat(received.get()).isEqualTo("READY=1\nMAINPID=42");
		}
	}

}
