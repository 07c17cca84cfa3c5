package dev.prefork.core.spawn;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigProbeTests {

	@Test
	void theProbeCompilesWithC1OnlyUnlessTheUserChoseATier() {
		assertThat(ConfigProbe.argv(WorkerCommand.of(List.of("java", "-Xmx1g", "-jar", "app.jar"))))
			.containsExactly("java", "-XX:TieredStopAtLevel=1", "-Xmx1g", "-jar", "app.jar");
		assertThat(ConfigProbe.argv(WorkerCommand.of(List.of("java", "-XX:TieredStopAtLevel=4", "-jar", "app.jar"))))
			.containsExactly("java", "-XX:TieredStopAtLevel=4", "-jar", "app.jar");
	}

	@Test
	void theResultLineIsFoundAmongTheProbesLogs() {
		assertThat(ConfigProbe.parse("INFO starting\nPREFORK_PROBE_RESULT workers=3 listen=0.0.0.0:8080\nbye"))
			.containsEntry("workers", "3")
			.containsEntry("listen", "0.0.0.0:8080");
		assertThat(ConfigProbe.parse("APPLICATION FAILED TO START")).isNull();
	}

}
