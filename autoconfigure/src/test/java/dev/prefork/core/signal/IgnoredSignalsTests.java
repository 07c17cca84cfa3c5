package dev.prefork.core.signal;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IgnoredSignalsTests {

	private static final List<String> HANDLED = List.of("TERM", "INT", "HUP", "TTIN", "TTOU", "WINCH", "USR1");

	@Test
	void nohupInABackgroundJobIgnoresHupAndInt() {
		// what /proc/<pid>/status says of `nohup java ... &` started by a script
		String status = "Name:\tjava\nSigQ:\t0/95623\nSigPnd:\t0000000000000000\nShdPnd:\t0000000000000000\n"
				+ "SigBlk:\t0000000000000000\nSigIgn:\t0000000000000003\nSigCgt:\t0000000000000000\n";
		assertThat(IgnoredSignals.of(status, HANDLED)).containsExactly("INT", "HUP");
		assertThat(IgnoredSignals.of(status, IgnoredSignals.ACTIONS)).containsExactly("HUP");
	}

	@Test
	void aHighSignalIsReadFromTheWholeMask() {
		// SIGWINCH is 28: bit 27
		assertThat(IgnoredSignals.of("SigIgn:\t0000000008000000\n", HANDLED)).containsExactly("WINCH");
	}

	@Test
	void nothingIgnoredAndNoMaskMeanNone() {
		assertThat(IgnoredSignals.of("SigIgn:\t0000000000000000\n", HANDLED)).isEmpty();
		assertThat(IgnoredSignals.of("Name:\tjava\n", HANDLED)).isEmpty();
	}

	@Test
	void namesAreSpelledAsTheShellDoes() {
		assertThat(IgnoredSignals.spell(List.of("HUP"))).isEqualTo("SIGHUP");
		assertThat(IgnoredSignals.spell(List.of("HUP", "TTIN", "USR1"))).isEqualTo("SIGHUP, SIGTTIN and SIGUSR1");
	}

}
