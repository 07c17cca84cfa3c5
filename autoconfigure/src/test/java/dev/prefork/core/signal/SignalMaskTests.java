package dev.prefork.core.signal;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SignalMaskTests {

	@Test
	void aSetHasOneBitPerSignalAsGlibcLaysItOut() {
		long[] set = SignalMask.set(List.of("HUP", "USR2"));
		assertThat(set).hasSize(16);
		assertThat(set[0]).isEqualTo((1L << 0) | (1L << 11));
		assertThat(SignalMask.contains(set, 1)).isTrue();
		assertThat(SignalMask.contains(set, 12)).isTrue();
		assertThat(SignalMask.contains(set, 10)).isFalse();
	}

	@Test
	void blockingIsThisThreadsAndUnblockingTakesItBack() throws Exception {
		List<String> signals = List.of("TTIN", "WINCH");
		Thread thread = new Thread(() -> {
			SignalMask.block(signals);
			assertThat(SignalMask.blocked(List.of("TTIN", "WINCH", "TTOU"))).containsExactly("TTIN", "WINCH");
			SignalMask.unblock(signals);
			assertThat(SignalMask.blocked(signals)).isEmpty();
		});
		Throwable[] failure = new Throwable[1];
		thread.setUncaughtExceptionHandler((t, ex) -> failure[0] = ex);
		thread.start();
		thread.join();
		assertThat(failure[0]).isNull();
		assertThat(SignalMask.blocked(signals)).as("the test's own thread").isEmpty();
	}

}
