package dev.prefork.core.worker;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SlowStartRampTests {

	@Test
	void besideWarmWorkersTheLimitDoublesAfterThreeQuietTicksWhileItIsReached() {
		SlowStartRamp ramp = new SlowStartRamp(true, 8192);
		assertThat(ramp.limit()).isEqualTo(1);
		assertThat(ramp.tick(false, 1, false)).isFalse();
		assertThat(ramp.tick(false, 1, false)).isFalse();
		assertThat(ramp.tick(false, 1, false)).isTrue();
		assertThat(ramp.limit()).isEqualTo(2);
		assertThat(ramp.tick(true, 2, false)).as("the JIT works: the count starts again").isFalse();
		ramp.tick(false, 2, false);
		ramp.tick(false, 2, false);
		assertThat(ramp.limit()).isEqualTo(2);
		ramp.tick(false, 2, false);
		assertThat(ramp.limit()).isEqualTo(4);
		assertThat(ramp.warmBecause()).isNull();
	}

	@Test
	void aBusyJitHoldsTheLimit() {
		SlowStartRamp ramp = new SlowStartRamp(true, 8192);
		for (int tick = 0; tick < 100; tick++) {
			assertThat(ramp.tick(tick % 3 == 2, 1, false)).isFalse();
		}
		assertThat(ramp.limit()).isEqualTo(1);
	}

	@Test
	void aWorkerThatHoldsFewerConnectionsThanItMayIsWarmOnceItsJitIsQuiet() {
		SlowStartRamp ramp = new SlowStartRamp(true, 8192);
		ramp.tick(true, 0, false);
		ramp.tick(false, 0, false);
		ramp.tick(false, 0, false);
		assertThat(ramp.warmBecause()).isNull();
		assertThat(ramp.tick(false, 0, false)).isTrue();
		assertThat(ramp.warmBecause()).contains("fewer connections");
		assertThat(ramp.limit()).isEqualTo(8192);
		assertThat(ramp.tick(false, 0, false)).as("warm is final").isFalse();
	}

	@Test
	void theConnectorsOwnLimitEndsTheRamp() {
		SlowStartRamp ramp = new SlowStartRamp(true, 4);
		for (int tick = 0; tick < 3; tick++) {
			ramp.tick(false, 1, false);
		}
		assertThat(ramp.limit()).isEqualTo(2);
		for (int tick = 0; tick < 3; tick++) {
			ramp.tick(false, 2, false);
		}
		assertThat(ramp.warmBecause()).contains("max-connections");
		assertThat(ramp.limit()).isEqualTo(4);
	}

	@Test
	void aloneTheWorkerHoldsEveryConnectionAndIsWarmWhenItsJitIsQuiet() {
		SlowStartRamp ramp = new SlowStartRamp(false, -1);
		assertThat(ramp.limit()).isEqualTo(-1);
		ramp.tick(false, 30, false);
		ramp.tick(true, 30, false);
		for (int tick = 1; tick < SlowStartRamp.QUIET_TICKS_ALONE; tick++) {
			ramp.tick(false, 30, false);
		}
		assertThat(ramp.warmBecause()).isNull();
		assertThat(ramp.limit()).isEqualTo(-1);
		ramp.tick(false, 30, false);
		assertThat(ramp.warmBecause()).isEqualTo("the JIT is quiet");
	}

	@Test
	void theLongestSlowStartEndsItWhateverTheJitDoes() {
		SlowStartRamp ramp = new SlowStartRamp(true, 8192);
		assertThat(ramp.tick(true, 1, true)).isTrue();
		assertThat(ramp.warmBecause()).isEqualTo("prefork.slow-start passed with the JIT still compiling");
		assertThat(ramp.limit()).isEqualTo(8192);
	}

}
