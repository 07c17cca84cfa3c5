package dev.prefork.core.spawn;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WorkerCommandTests {

	@Test
	void workersDoNotInheritTheMastersDebuggerPort() {
		WorkerCommand command = WorkerCommand.of(List.of("/usr/bin/java",
				"-agentlib:jdwp=transport=dt_socket,server=y,address=5005", "-Xmx256m", "-jar", "app.jar", "--a=b c"));
		assertThat(command.argv()).containsExactly("/usr/bin/java", "-Xmx256m", "-jar", "app.jar", "--a=b c");
	}

	@Test
	void theCurrentCommandLineIsReadExactly() throws IOException {
		WorkerCommand command = WorkerCommand.ofCurrentProcess();
		assertThat(command.argv().get(0)).endsWith("java");
		assertThat(command.argv()).hasSizeGreaterThan(1);
	}

}
