package dev.prefork.core.arbiter;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ExitStatusTests {

	@Test
	void exitValuesAbove128AreSignals() {
		assertThat(ExitStatus.fromExitValue(137)).isEqualTo(new ExitStatus(-1, 9));
		assertThat(ExitStatus.fromExitValue(137)).hasToString("signal 9 (SIGKILL)");
		assertThat(ExitStatus.fromExitValue(3)).isEqualTo(new ExitStatus(3, 0));
		assertThat(ExitStatus.fromExitValue(3)).hasToString("code 3");
	}

	@Test
	void rootCauseIsTheLastCausedBy() {
		String trace = """
				org.springframework.beans.factory.BeanCreationException: Error creating bean
				\tat a.b(C.java:1)
				Caused by: java.lang.IllegalStateException: database url is missing
				\tat d.e(F.java:2)""";
		assertThat(BootFailure.rootCause(trace)).isEqualTo("java.lang.IllegalStateException: database url is missing");
		assertThat(BootFailure.rootCause("java.lang.Error: x")).isEqualTo("java.lang.Error: x");
	}

}
