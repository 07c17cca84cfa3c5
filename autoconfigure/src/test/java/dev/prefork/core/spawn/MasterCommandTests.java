package dev.prefork.core.spawn;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MasterCommandTests {

	private static final List<String> LAUNCHED = List.of("/usr/bin/java", "-Xmx2g", "-jar", "app.jar", "--a=b c");

	@Test
	void theMastersOptionsStandAfterTheLaunchesSoThatTheyWin() {
		MasterCommand command = MasterCommand.of(LAUNCHED, false);
		assertThat(command.argv()).containsExactly("/usr/bin/java", "-Xmx2g", "-Ddev.prefork.master-options=7",
				"-XX:TieredStopAtLevel=1", "-XX:CompileThresholdScaling=10", "-Xms4m", "-Xmx128m",
				"-Djnr.ffi.asm.enabled=false", "-XX:+UseSerialGC", "-Xmn1m", "-jar", "app.jar", "--a=b c");
		assertThat(command.masterOptions()).containsExactly("-XX:TieredStopAtLevel=1", "-XX:CompileThresholdScaling=10",
				"-Xms4m", "-Xmx128m", "-Djnr.ffi.asm.enabled=false", "-XX:+UseSerialGC", "-Xmn1m");
	}

	@Test
	void aCollectorTheLaunchChoseIsKeptWithItsOwnYoungGeneration() {
		MasterCommand command = MasterCommand.of(LAUNCHED, true);
		assertThat(command.masterOptions()).containsExactly("-XX:TieredStopAtLevel=1", "-XX:CompileThresholdScaling=10",
				"-Xms4m", "-Xmx128m", "-Djnr.ffi.asm.enabled=false");
		assertThat(command.argv().get(2)).isEqualTo("-Ddev.prefork.master-options=5");
	}

	@Test
	void withoutAJarTheMastersOptionsStandFirst() {
		List<String> main = List.of("java", "-cp", "classes", "app.Main", "-jar");
		MasterCommand command = MasterCommand.of(main, true);
		assertThat(command.argv()).containsExactly("java", "-Ddev.prefork.master-options=5", "-XX:TieredStopAtLevel=1",
				"-XX:CompileThresholdScaling=10", "-Xms4m", "-Xmx128m", "-Djnr.ffi.asm.enabled=false", "-cp", "classes",
				"app.Main", "-jar");
		assertThat(MasterCommand.asLaunched(command.argv())).isEqualTo(main);
	}

	@Test
	void workersRunTheCommandAsLaunched() {
		List<String> reexecuted = MasterCommand.of(LAUNCHED, false).argv();
		assertThat(MasterCommand.asLaunched(reexecuted)).isEqualTo(LAUNCHED);
		assertThat(JavaCommand.of(reexecuted).argv()).isEqualTo(LAUNCHED);
		assertThat(MasterCommand.asLaunched(LAUNCHED)).isEqualTo(LAUNCHED);
	}

	@Test
	void aMarkerThatCountsNothingIsLeftAsItIs() {
		List<String> odd = List.of("java", "-Ddev.prefork.master-options=many", "-jar", "app.jar");
		assertThat(MasterCommand.asLaunched(odd)).isEqualTo(odd);
		List<String> elsewhere = List.of("java", "-jar", "app.jar", "-Ddev.prefork.master-options=1", "--a");
		assertThat(MasterCommand.asLaunched(elsewhere)).isEqualTo(elsewhere);
	}

}
