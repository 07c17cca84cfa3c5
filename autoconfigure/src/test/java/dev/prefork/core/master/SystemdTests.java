package dev.prefork.core.master;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.prefork.core.net.UnixDatagram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SystemdTests {

	@TempDir
	Path folder;

	@Test
	void socketsPassedToAnotherProcessAreNotOurs() {
		assertThat(SystemdActivation.passedTo(Map.of("LISTEN_PID", "42", "LISTEN_FDS", "1"), 42)).isEqualTo(1);
		assertThat(SystemdActivation.passedTo(Map.of("LISTEN_PID", "41", "LISTEN_FDS", "1"), 42)).isZero();
		assertThat(SystemdActivation.passedTo(Map.of("LISTEN_FDS", "1"), 42)).isZero();
		assertThat(SystemdActivation.passedTo(Map.of("LISTEN_PID", "x", "LISTEN_FDS", "1"), 42)).isZero();
	}

	@Test
	void theNotifierSendsEachStateOnceToTheNotifySocket() throws Exception {
		String path = this.folder.resolve("notify.sock").toString();
		try (UnixDatagram systemd = UnixDatagram.bind(path)) {
			SystemdNotifier notifier = new SystemdNotifier(path);
			notifier.notify("STATUS=booting workers");
			notifier.notify("READY=1\nMAINPID=42");
			notifier.notify("READY=1\nMAINPID=42");
			notifier.notify("STOPPING=1");
			List<String> received = new ArrayList<>();
			await().atMost(Duration.ofSeconds(5)).until(() -> {
				for (String message; (message = systemd.receive()) != null;) {
					received.add(message);
				}
				return received.size() >= 3;
			});
			assertThat(received).containsExactly("STATUS=booting workers", "READY=1\nMAINPID=42", "STOPPING=1");
		}
	}

}
