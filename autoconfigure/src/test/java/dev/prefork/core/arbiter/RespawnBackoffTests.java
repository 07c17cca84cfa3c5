package dev.prefork.core.arbiter;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RespawnBackoffTests {

	private static final Duration UPTIME = Duration.ofSeconds(10);

	private final RespawnBackoff backoff = new RespawnBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30));

	@Test
	void shortLivedWorkersDoubleTheDelayUpToTheMaximum() {
		assertThat(this.backoff.died(1, -1, UPTIME)).isEqualTo(Duration.ofSeconds(1));
		assertThat(this.backoff.died(1, 0, UPTIME)).isEqualTo(Duration.ofSeconds(2));
		assertThat(this.backoff.died(1, 0, UPTIME)).isEqualTo(Duration.ofSeconds(4));
		for (int i = 0; i < 30; i++) {
			this.backoff.died(1, 0, UPTIME);
		}
		assertThat(this.backoff.died(1, 0, UPTIME)).isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void aHealthyWorkerResetsItsSlotAndSlotsAreIndependent() {
		this.backoff.died(1, -1, UPTIME);
		this.backoff.died(1, -1, UPTIME);
		assertThat(this.backoff.died(2, -1, UPTIME)).isEqualTo(Duration.ofSeconds(1));
		assertThat(this.backoff.died(1, Duration.ofSeconds(11).toNanos(), UPTIME)).isZero();
		assertThat(this.backoff.died(1, -1, UPTIME)).isEqualTo(Duration.ofSeconds(1));
	}

}
