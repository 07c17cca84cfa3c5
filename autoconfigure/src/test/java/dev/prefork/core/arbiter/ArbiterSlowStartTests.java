package dev.prefork.core.arbiter;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The arbiter's decisions when workers start slowly ({@code prefork.slow-start}, on by default):
 * workers boot one at a time, and a worker counts only once warm.
 */
class ArbiterSlowStartTests {

	private static final long SECOND = 1_000_000_000L;

	private final RecordingControl control = new RecordingControl();

	private Arbiter arbiter = new Arbiter(settings(2, Duration.ofSeconds(20)), this.control);

	@Test
	void theFirstWorkerWarmsUpAloneAndTheNextBootsOnceItIsWarm() {
		this.arbiter = new Arbiter(settings(3, Duration.ofSeconds(20)), this.control);
		this.arbiter.start(0);
		assertThat(this.control.calls).containsExactly("spawn 1");
		this.arbiter.tick(SECOND);
		assertThat(this.control.calls).containsExactly("spawn 1");
		serve(this.control.last(1), 2 * SECOND);
		this.arbiter.tick(2 * SECOND);
		assertThat(this.control.calls).containsExactly("spawn 1", "spawn 2");
		this.arbiter.ready(this.control.last(2), 4 * SECOND);
		this.arbiter.tick(5 * SECOND);
		assertThat(this.control.calls).as("worker 2 is still starting slowly").containsExactly("spawn 1", "spawn 2");
		this.arbiter.warm(this.control.last(2), 9 * SECOND);
		this.arbiter.tick(9 * SECOND);
		assertThat(this.control.calls).containsExactly("spawn 1", "spawn 2", "spawn 3");
		serve(this.control.last(3), 11 * SECOND);
		assertThat(this.arbiter.settled()).isTrue();
	}

	@Test
	void onManyProcessorsSeveralWorkersBootAtOnce() {
		assertThat(Arbiter.warmingAtOnce(2)).isEqualTo(1);
		assertThat(Arbiter.warmingAtOnce(8)).isEqualTo(2);
		assertThat(Arbiter.warmingAtOnce(64)).isEqualTo(16);
		this.arbiter = new Arbiter(settings(4, Duration.ofSeconds(20)), this.control, 2);
		this.arbiter.start(0);
		assertThat(this.control.calls).containsExactly("spawn 1", "spawn 2");
	}

	@Test
	void whenTheFirstWorkerCannotBootEverySlotGetsItsAttemptAtOnceAndTheMasterGivesUp() {
		this.arbiter = new Arbiter(settings(3, Duration.ofSeconds(20)), this.control);
		this.arbiter.start(0);
		bootFailure(this.control.last(1), SECOND);
		assertThat(this.control.calls).containsExactly("spawn 1", "spawn 2", "spawn 3");
		bootFailure(this.control.last(2), 2 * SECOND);
		assertThat(this.arbiter.exitCode()).isEmpty();
		bootFailure(this.control.last(3), 2 * SECOND);
		assertThat(this.arbiter.exitCode()).hasValue(ExitCode.WORKER_BOOT_ERROR);
	}

	@Test
	void aReloadBootsItsWorkersOneAtATimeAndRetiresTheOldGenerationOnlyOnceEveryNewOneIsWarm() {
		startWarm();
		WorkerHandle old1 = this.control.last(1);
		WorkerHandle old2 = this.control.last(2);
		assertThat(this.arbiter.reload(settings(3, Duration.ofSeconds(20)), "SIGHUP", 10 * SECOND)).isTrue();
		assertThat(this.control.generations).containsExactly(1, 1, 2);
		assertThat(this.arbiter.target()).isEqualTo(3);
		WorkerHandle new1 = this.control.last(1);
		this.arbiter.ready(new1, 12 * SECOND);
		assertThat(this.control.generations).as("the next boots once the first is warm").hasSize(3);
		this.arbiter.warm(new1, 14 * SECOND);
		assertThat(this.control.generations).containsExactly(1, 1, 2, 2);
		serve(this.control.last(2), 16 * SECOND);
		assertThat(this.control.calls).doesNotContain("terminate 1", "terminate 2");
		WorkerHandle new3 = this.control.last(3);
		this.arbiter.ready(new3, 17 * SECOND);
		assertThat(old1.state()).as("a ready worker still starting slowly").isEqualTo(WorkerState.READY);
		assertThat(this.arbiter.reloading()).isTrue();
		this.arbiter.warm(new3, 19 * SECOND);
		assertThat(old1.state()).isEqualTo(WorkerState.STOPPING);
		assertThat(old2.state()).isEqualTo(WorkerState.STOPPING);
		assertThat(this.arbiter.reloading()).isFalse();
	}

	@Test
	void aReloadWhileAnOldWorkerStartsSlowlyBootsItsFirstWorkerOnceThatOneIsWarm() {
		this.arbiter.start(0);
		serve(this.control.last(1), 2 * SECOND);
		this.arbiter.tick(2 * SECOND);
		WorkerHandle old2 = this.control.last(2);
		this.arbiter.ready(old2, 4 * SECOND);
		assertThat(this.arbiter.reload(settings(2, Duration.ofSeconds(20)), "SIGHUP", 5 * SECOND)).isTrue();
		assertThat(this.control.generations).containsExactly(1, 1);
		this.arbiter.warm(old2, 6 * SECOND);
		assertThat(this.control.generations).containsExactly(1, 1, 2);
	}

	@Test
	void aReloadWhoseWarmingOldWorkerDiesGoesOnAtTheNextTick() {
		this.arbiter.start(0);
		serve(this.control.last(1), 2 * SECOND);
		this.arbiter.tick(2 * SECOND);
		WorkerHandle old2 = this.control.last(2);
		this.arbiter.ready(old2, 4 * SECOND);
		this.arbiter.reload(settings(2, Duration.ofSeconds(20)), "SIGHUP", 5 * SECOND);
		this.arbiter.exited(old2, new ExitStatus(137, 9), 6 * SECOND);
		this.arbiter.tick(6 * SECOND);
		assertThat(this.control.generations).containsExactly(1, 1, 2);
	}

	@Test
	void aNewWorkerThatDiesDuringItsSlowStartRollsTheReloadBack() {
		startWarm();
		WorkerHandle old1 = this.control.last(1);
		this.arbiter.reload(settings(2, Duration.ofSeconds(5)), "SIGHUP", 10 * SECOND);
		WorkerHandle new1 = this.control.last(1);
		this.arbiter.ready(new1, 12 * SECOND);
		this.arbiter.exited(new1, new ExitStatus(137, 9), 13 * SECOND);
		assertThat(this.arbiter.reloading()).isFalse();
		assertThat(this.arbiter.generation()).isEqualTo(1);
		assertThat(this.arbiter.settings().timeout()).isEqualTo(Duration.ofSeconds(20));
		assertThat(old1.state()).isEqualTo(WorkerState.READY);
		assertThat(this.control.spawnsOf(2)).isEqualTo(1);
	}

	@Test
	void aLaterNewWorkerThatCannotBootRollsBackTheWarmOnesToo() {
		startWarm();
		this.arbiter.reload(settings(2, Duration.ofSeconds(5)), "SIGHUP", 10 * SECOND);
		WorkerHandle new1 = this.control.last(1);
		serve(new1, 11 * SECOND);
		bootFailure(this.control.last(2), 12 * SECOND);
		assertThat(this.arbiter.reloading()).isFalse();
		assertThat(new1.state()).isEqualTo(WorkerState.STOPPING);
		assertThat(this.control.calls).contains("quit 1").doesNotContain("terminate 1", "terminate 2");
		assertThat(this.arbiter.generation()).isEqualTo(1);
	}

	@Test
	void aScaleUpAndRespawnsWaitForTheWorkerWarmingUp() {
		startWarm();
		this.arbiter.increment("SIGTTIN", 10 * SECOND);
		this.arbiter.increment("SIGTTIN", 10 * SECOND);
		assertThat(this.control.spawnsOf(3)).isEqualTo(1);
		assertThat(this.control.spawnsOf(4)).as("waits for worker 3's slow start").isZero();
		this.arbiter.ready(this.control.last(3), 12 * SECOND);
		this.arbiter.tick(13 * SECOND);
		assertThat(this.control.spawnsOf(4)).isZero();
		this.arbiter.warm(this.control.last(3), 15 * SECOND);
		this.arbiter.tick(15 * SECOND);
		assertThat(this.control.spawnsOf(4)).isEqualTo(1);
	}

	private void startWarm() {
		this.arbiter.start(0);
		serve(this.control.last(1), 2 * SECOND);
		this.arbiter.tick(2 * SECOND);
		serve(this.control.last(2), 4 * SECOND);
	}

	private void serve(WorkerHandle worker, long now) {
		this.arbiter.ready(worker, now);
		this.arbiter.warm(worker, now);
	}

	private void bootFailure(WorkerHandle worker, long now) {
		worker.markConnected();
		worker.reportBootFailure("java.lang.IllegalStateException: boom\n\tat x.y(Z.java:1)");
		this.arbiter.exited(worker, new ExitStatus(1, 0), now);
	}

	private static ArbiterSettings settings(int workers, Duration timeout) {
		return new ArbiterSettings(workers, timeout, Duration.ofSeconds(30), Duration.ofSeconds(60),
				Duration.ofSeconds(5), 0, 0, Duration.ofSeconds(10), 0, 0, Duration.ofSeconds(30));
	}

}
