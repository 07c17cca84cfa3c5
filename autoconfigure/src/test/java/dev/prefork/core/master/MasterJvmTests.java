package dev.prefork.core.master;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MasterJvmTests {

	private static final String HOTSPOT = "OpenJDK 64-Bit Server VM";

	@Test
	void aPlainHotSpotLaunchMayBecomeSmall() {
		assertThat(MasterJvm.reasonToKeep(List.of("java", "-Xmx2g", "-jar", "app.jar"), HOTSPOT, true)).isNull();
	}

	@Test
	void aJvmWithoutHotSpotsOptionsKeepsItsJvm() {
		assertThat(MasterJvm.reasonToKeep(List.of("java", "-jar", "app.jar"), "Eclipse OpenJ9 VM", false))
			.isEqualTo("it runs on Eclipse OpenJ9 VM, not HotSpot, whose options the small master's are");
	}

	@Test
	void aDebuggerKeepsItsJvm() {
		assertThat(MasterJvm.reasonToKeep(
				List.of("java", "-agentlib:jdwp=transport=dt_socket,server=y,address=5005", "-jar", "app.jar"), HOTSPOT,
				true))
			.startsWith("a debugger is attached to it (-agentlib:jdwp");
	}

	@Test
	void aCommandLineThatWasReExecutedOnceIsNotReExecutedAgain() {
		assertThat(MasterJvm.reasonToKeep(List.of("java", "-Ddev.prefork.master-options=2", "-Xms4m", "-Xmx128m",
				"-jar", "app.jar"), HOTSPOT, true))
			.isEqualTo("it was re-executed once already");
	}

}
