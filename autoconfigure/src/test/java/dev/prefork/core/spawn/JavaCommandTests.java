package dev.prefork.core.spawn;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JavaCommandTests {

	@Test
	void workersDoNotInheritTheMastersDebuggerPort() {
		JavaCommand command = JavaCommand.of(List.of("/usr/bin/java",
				"-agentlib:jdwp=transport=dt_socket,server=y,address=5005", "-Xmx256m", "-jar", "app.jar", "--a=b c"));
		assertThat(command.argv()).containsExactly("/usr/bin/java", "-Xmx256m", "-jar", "app.jar", "--a=b c");
	}

	@Test
	void theJvmOptionsAreWhatStandsBetweenJavaAndTheJar() {
		JavaCommand jar = JavaCommand.of(List.of("java", "-Xmx1g", "-Da=b", "-jar", "app.jar", "-Xmx2g"));
		assertThat(jar.jarIndex()).isEqualTo(3);
		assertThat(jar.jvmOptions()).containsExactly("-Xmx1g", "-Da=b");
		JavaCommand classpath = JavaCommand.of(List.of("java", "-cp", "classes", "app.Main"));
		assertThat(classpath.jarIndex()).isEqualTo(-1);
		assertThat(classpath.jvmOptions()).containsExactly("-cp", "classes", "app.Main");
		assertThat(JavaCommand.of(List.of("java", "-jar")).jarIndex()).isEqualTo(-1);
	}

	@Test
	void theCurrentCommandLineIsReadExactly() throws IOException {
		JavaCommand command = JavaCommand.ofCurrentProcess();
		assertThat(command.argv().get(0)).endsWith("java");
		assertThat(command.argv()).hasSizeGreaterThan(1);
	}

}
