package dev.prefork.core.arbiter;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ArbiterTests {

	private static final long SECOND = 1_000_000_000L;

	private final RecordingControl control = new RecordingControl();

	private Arbiter arbiter = new Arbiter(
			new ArbiterSettings(2, Duration.ofSeconds(20), Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(5)), this.control);

	@Test
	void startSpawnsOneWorkerPerSlot() {
		this.arbiter.start(0);
		assertThat(this.control.calls).containsExactly("spawn 1", "spawn 2");
		assertThat(this.arbiter.workers()).extracting(WorkerHandle::state)
			.containsOnly(WorkerState.BOOTING);
	}

	@Test
	void settledOnlyOnceEverySlotServesAndNothingChanges() {
		this.arbiter.start(0);
		assertThat(this.arbiter.settled()).isFalse();
		serve(this.control.last(1), SECOND);
		assertThat(this.arbiter.settled()).as("one slot still booting").isFalse();
		serve(this.control.last(2), SECOND);
		assertThat(this.arbiter.settled()).isTrue();
		this.arbiter.increment("SIGTTIN", 2 * SECOND);
		assertThat(this.arbiter.settled()).as("a third worker booting").isFalse();
		serve(this.control.last(3), 3 * SECOND);
		assertThat(this.arbiter.settled()).isTrue();
		this.arbiter.stopGracefully("SIGTERM", 4 * SECOND);
		assertThat(this.arbiter.settled()).isFalse();
	}

	@Test
	void aLargeScaleUpStartsAFewWorkersPerTickSoTheLoopKeepsServing() {
		startReady();
		this.control.calls.clear();
		this.arbiter.scale(12, "control socket: scale 12", 2 * SECOND);
		assertThat(this.arbiter.target()).isEqualTo(12);
		assertThat(this.control.calls).as("nothing started inside the command").isEmpty();
		this.arbiter.tick(2 * SECOND);
		assertThat(this.control.calls).containsExactly("spawn 3", "spawn 4", "spawn 5", "spawn 6");
		this.arbiter.tick(2 * SECOND + 100_000_000L);
		this.arbiter.tick(2 * SECOND + 200_000_000L);
		assertThat(this.control.calls).hasSize(10).last().isEqualTo("spawn 12");
		this.control.calls.clear();
		this.arbiter.scale(4, "control socket: scale 4", 3 * SECOND);
		this.arbiter.tick(3 * SECOND);
		assertThat(this.arbiter.target()).isEqualTo(4);
		assertThat(this.control.calls).containsExactly("terminate 12", "terminate 11", "terminate 10", "terminate 9",
				"terminate 8", "terminate 7", "terminate 6", "terminate 5");
	}

	@Test
	void changesAreRefusedWithTheirReasonWhileTheFirstWorkersBoot() {
		this.arbiter.start(0);
		assertThat(this.arbiter.busy()).isEqualTo("the first workers are still booting");
		assertThat(this.arbiter.acceptsChange("SIGUSR2")).isFalse();
		serve(this.control.last(1), SECOND);
		assertThat(this.arbiter.busy()).isNull();
		assertThat(this.arbiter.acceptsChange("SIGUSR2")).isTrue();
	}

	@Test
	void whenNoWorkerOfTheFirstGenerationBootsExitsWithWorkerBootErrorAfterOneAttemptEach() {
		this.arbiter.start(0);
		bootFailure(this.control.last(1), 2 * SECOND);
		assertThat(this.arbiter.exitCode()).isEmpty();
		bootFailure(this.control.last(2), 3 * SECOND);
		this.arbiter.tick(60 * SECOND);
		assertThat(this.arbiter.exitCode()).hasValue(ExitCode.WORKER_BOOT_ERROR);
		assertThat(this.arbiter.stopReason()).isEqualTo("no worker could boot (2 of 2 failed)");
		assertThat(this.control.spawnsOf(1) + this.control.spawnsOf(2)).isEqualTo(2);
	}

	@Test
	void whenWorkersDieBeforeReachingTheApplicationExitsWithAppLoadError() {
		this.arbiter.start(0);
		this.arbiter.exited(this.control.last(1), new ExitStatus(1, 0), SECOND);
		this.arbiter.exited(this.control.last(2), new ExitStatus(1, 0), SECOND);
		assertThat(this.arbiter.exitCode()).hasValue(ExitCode.APP_LOAD_ERROR);
	}

	@Test
	void whenWorkersCannotBeStartedAtAllExitsWithAppLoadError() {
		this.control.failSpawns = true;
		this.arbiter.start(0);
		assertThat(this.arbiter.exitCode()).hasValue(ExitCode.APP_LOAD_ERROR);
	}

	@Test
	void aFirstGenerationBootFailureIsRetriedOnlyOnceAnotherWorkerIsReady() {
		this.arbiter.start(0);
		bootFailure(this.control.last(1), SECOND);
		this.arbiter.tick(10 * SECOND);
		assertThat(this.control.spawnsOf(1)).isEqualTo(1);
		serve(this.control.last(2), 11 * SECOND);
		this.arbiter.tick(11 * SECOND);
		this.arbiter.tick(12 * SECOND);
		assertThat(this.control.spawnsOf(1)).isEqualTo(2);
		assertThat(this.arbiter.exitCode()).isEmpty();
	}

	@Test
	void aWorkerThatServedForLongIsReplacedAtOnce() {
		this.arbiter.start(0);
		serve(this.control.last(1), SECOND);
		this.arbiter.exited(this.control.last(1), new ExitStatus(-1, 9), 100 * SECOND);
		assertThat(this.control.spawnsOf(1)).isEqualTo(2);
	}

	@Test
	void aWorkerThatKeepsCrashingSoonAfterBootIsRespawnedWithAGrowingDelay() {
		this.arbiter.start(0);
		serve(this.control.last(2), SECOND);
		serve(this.control.last(1), SECOND);
		long now = 2 * SECOND;
		long previousDelay = 0;
		for (int crash = 1; crash <= 4; crash++) {
			this.arbiter.exited(this.control.last(1), new ExitStatus(1, 0), now);
			long spawns = this.control.spawnsOf(1);
			long delay = 0;
			while (this.control.spawnsOf(1) == spawns) {
				delay += SECOND / 10;
				this.arbiter.tick(now + delay);
			}
			assertThat(delay).as("delay before respawn %d", crash).isGreaterThan(previousDelay);
			previousDelay = delay;
			now += delay;
			serve(this.control.last(1), now + SECOND);
			now += 2 * SECOND;
		}
		assertThat(previousDelay).isGreaterThanOrEqualTo(8 * SECOND);
	}

	@Test
	void aReadyWorkerSilentForLongerThanTheTimeoutIsKilledAndReplaced() {
		startReady();
		this.arbiter.heartbeat(this.control.last(1), 10 * SECOND);
		this.arbiter.heartbeat(this.control.last(2), 21 * SECOND);
		this.arbiter.tick(22 * SECOND);
		assertThat(this.control.calls).doesNotContain("kill 1", "kill 2");
		this.arbiter.heartbeat(this.control.last(2), 29 * SECOND);
		this.arbiter.tick(31 * SECOND);
		assertThat(this.control.calls).endsWith("dump 1").doesNotContain("kill 1", "dump 2");
		this.arbiter.heartbeat(this.control.last(1), 31 * SECOND);
		this.arbiter.heartbeat(this.control.last(2), 31 * SECOND);
		this.arbiter.tick(31 * SECOND + SECOND / 2);
		assertThat(this.control.calls).doesNotContain("kill 1");
		this.arbiter.tick(32 * SECOND);
		assertThat(this.control.calls).contains("kill 1").doesNotContain("kill 2");
		this.arbiter.exited(this.control.last(1), new ExitStatus(-1, 9), 32 * SECOND);
		this.arbiter.tick(33 * SECOND);
		assertThat(this.control.spawnsOf(1)).isEqualTo(2);
	}

	@Test
	void theHeartbeatIntervalIsAQuarterOfTheTimeoutWithinBounds() {
		assertThat(settings(Duration.ofSeconds(2)).heartbeatInterval()).isEqualTo(Duration.ofMillis(500));
		assertThat(settings(Duration.ofSeconds(30)).heartbeatInterval()).isEqualTo(Duration.ofSeconds(2));
		assertThat(settings(Duration.ofMillis(100)).heartbeatInterval()).isEqualTo(Duration.ofMillis(50));
	}

	@Test
	void ttinAddsAWorkerInTheNextSlot() {
		startReady();
		this.arbiter.increment("SIGTTIN", 5 * SECOND);
		assertThat(this.arbiter.target()).isEqualTo(3);
		assertThat(this.control.calls).endsWith("spawn 3");
	}

	@Test
	void ttouRetiresTheHighestSlotGracefullyAndDoesNotRefillIt() {
		startReady();
		this.arbiter.decrement("SIGTTOU", 5 * SECOND);
		assertThat(this.arbiter.target()).isEqualTo(1);
		assertThat(this.control.calls).endsWith("terminate 2");
		this.arbiter.exited(this.control.last(2), new ExitStatus(0, 0), 6 * SECOND);
		this.arbiter.tick(60 * SECOND);
		assertThat(this.control.spawnsOf(2)).isEqualTo(1);
		assertThat(this.arbiter.workers()).containsExactly(this.control.last(1));
	}

	@Test
	void ttouNeverGoesBelowOneWorker() {
		startReady();
		this.arbiter.decrement("SIGTTOU", 5 * SECOND);
		this.arbiter.decrement("SIGTTOU", 6 * SECOND);
		assertThat(this.arbiter.target()).isEqualTo(1);
		assertThat(this.control.calls).doesNotContain("terminate 1");
	}

	@Test
	void aRetiredWorkerThatMustBeKilledIsNotReplaced() {
		startReady();
		this.arbiter.decrement("SIGTTOU", 5 * SECOND);
		this.arbiter.heartbeat(this.control.last(1), 30 * SECOND);
		this.arbiter.tick(36 * SECOND);
		assertThat(this.control.calls).contains("kill 2");
		this.arbiter.exited(this.control.last(2), new ExitStatus(-1, 9), 36 * SECOND);
		this.arbiter.tick(60 * SECOND);
		assertThat(this.control.spawnsOf(2)).isEqualTo(1);
	}

	@Test
	void aReloadRetiresTheOldGenerationOnlyOnceEveryNewWorkerIsReady() {
		startReady();
		WorkerHandle old1 = this.control.last(1);
		WorkerHandle old2 = this.control.last(2);
		assertThat(this.arbiter.reload(settings(3, Duration.ofSeconds(20)), "SIGHUP", 10 * SECOND)).isTrue();
		assertThat(this.control.generations).endsWith(2, 2, 2);
		assertThat(this.arbiter.target()).isEqualTo(3);
		serve(this.control.last(1), 12 * SECOND);
		serve(this.control.last(2), 12 * SECOND);
		assertThat(this.control.calls).doesNotContain("terminate 1", "terminate 2");
		assertThat(old1.state()).isEqualTo(WorkerState.READY);
		serve(this.control.last(3), 13 * SECOND);
		assertThat(old1.state()).isEqualTo(WorkerState.STOPPING);
		assertThat(old2.state()).isEqualTo(WorkerState.STOPPING);
		assertThat(this.arbiter.reloading()).isFalse();
		this.arbiter.exited(old1, new ExitStatus(0, 0), 14 * SECOND);
		this.arbiter.exited(old2, new ExitStatus(0, 0), 14 * SECOND);
		this.arbiter.tick(20 * SECOND);
		assertThat(this.arbiter.workers()).hasSize(3).allMatch((w) -> w.generation() == 2);
		assertThat(this.control.spawnsOf(1)).isEqualTo(2);
	}

	@Test
	void aReloadWhoseNewWorkersCannotBootKeepsTheOldGenerationServing() {
		startReady();
		WorkerHandle old1 = this.control.last(1);
		WorkerHandle old2 = this.control.last(2);
		this.arbiter.reload(settings(2, Duration.ofSeconds(5)), "SIGHUP", 10 * SECOND);
		WorkerHandle new1 = this.control.last(1);
		WorkerHandle new2 = this.control.last(2);
		bootFailure(new1, 12 * SECOND);
		assertThat(this.arbiter.reloading()).isFalse();
		assertThat(this.control.calls).contains("quit 2").doesNotContain("terminate 1", "terminate 2");
		this.arbiter.exited(new2, new ExitStatus(0, 0), 13 * SECOND);
		assertThat(this.arbiter.generation()).isEqualTo(1);
		assertThat(this.arbiter.settings().timeout()).isEqualTo(Duration.ofSeconds(20));
		assertThat(this.arbiter.workers()).containsExactlyInAnyOrder(old1, old2);
		this.arbiter.heartbeat(old1, 20 * SECOND);
		this.arbiter.heartbeat(old2, 20 * SECOND);
		this.arbiter.tick(21 * SECOND);
		assertThat(this.arbiter.workers()).containsExactlyInAnyOrder(old1, old2);
		assertThat(this.arbiter.exitCode()).isEmpty();
	}

	@Test
	void aNewWorkerStartsSlowlyOnlyWhenAWarmWorkerServes() {
		this.arbiter.start(0);
		assertThat(this.arbiter.warmWorkerServing()).isFalse();
		this.arbiter.ready(this.control.last(1), SECOND);
		assertThat(this.arbiter.warmWorkerServing()).as("ready but still starting slowly").isFalse();
		this.arbiter.warm(this.control.last(1), 2 * SECOND);
		assertThat(this.arbiter.warmWorkerServing()).isTrue();
		assertThat(this.arbiter.settled()).as("slot 2 boots").isFalse();
		serve(this.control.last(2), 3 * SECOND);
		assertThat(this.arbiter.settled()).isTrue();
	}

	@Test
	void aReloadCanShrinkTheServer() {
		startReady();
		this.arbiter.reload(settings(1, Duration.ofSeconds(20)), "SIGHUP", 10 * SECOND);
		serve(this.control.last(1), 12 * SECOND);
		assertThat(this.arbiter.workers()).filteredOn((w) -> w.state() == WorkerState.STOPPING).hasSize(2);
		assertThat(this.arbiter.target()).isEqualTo(1);
	}

	@Test
	void aReloadTakesTheSettingsTheFirstNewWorkerReportsAndGrowsTheNewGenerationToThem() {
		startReady();
		WorkerHandle old1 = this.control.last(1);
		this.arbiter.reload(this.arbiter.settings(), "SIGHUP", 10 * SECOND);
		assertThat(this.arbiter.adopt(old1, settings(4, Duration.ofSeconds(5)), 10 * SECOND))
			.as("a report of the old generation").isFalse();
		WorkerHandle new2 = this.control.last(2);
		assertThat(this.arbiter.adopt(new2, settings(3, Duration.ofSeconds(7)), 11 * SECOND)).isTrue();
		assertThat(this.control.generations).endsWith(2, 2, 2);
		assertThat(this.arbiter.target()).isEqualTo(3);
		assertThat(this.arbiter.settings().timeout()).isEqualTo(Duration.ofSeconds(7));
		assertThat(this.arbiter.adopt(this.control.last(1), settings(5, Duration.ofSeconds(7)), 11 * SECOND))
			.as("only the first report counts").isFalse();
		assertThat(this.arbiter.target()).isEqualTo(3);
		serve(this.control.last(1), 12 * SECOND);
		serve(new2, 12 * SECOND);
		assertThat(this.arbiter.reloading()).isTrue();
		serve(this.control.last(3), 13 * SECOND);
		assertThat(this.arbiter.reloading()).isFalse();
		assertThat(old1.state()).isEqualTo(WorkerState.STOPPING);
	}

	@Test
	void aReloadWhoseWorkersReportFewerWorkersQuitsTheExtraBootingOnes() {
		startReady();
		this.arbiter.reload(this.arbiter.settings(), "SIGHUP", 10 * SECOND);
		WorkerHandle new1 = this.control.last(1);
		WorkerHandle new2 = this.control.last(2);
		this.arbiter.adopt(new1, settings(1, Duration.ofSeconds(20)), 11 * SECOND);
		assertThat(new2.state()).isEqualTo(WorkerState.STOPPING);
		assertThat(this.control.calls).endsWith("quit 2");
		this.arbiter.exited(new2, new ExitStatus(0, 0), 12 * SECOND);
		assertThat(this.arbiter.reloading()).as("a quit extra worker is no boot failure").isTrue();
		serve(new1, 13 * SECOND);
		assertThat(this.arbiter.reloading()).isFalse();
		assertThat(this.arbiter.workers()).filteredOn((w) -> w.state() != WorkerState.STOPPING).containsExactly(new1);
	}

	@Test
	void scalingAndASecondReloadWaitForTheReloadUnderWay() {
		startReady();
		this.arbiter.reload(settings(2, Duration.ofSeconds(20)), "SIGHUP", 10 * SECOND);
		this.arbiter.increment("SIGTTIN", 11 * SECOND);
		assertThat(this.arbiter.reload(settings(4, Duration.ofSeconds(20)), "SIGHUP", 11 * SECOND)).isFalse();
		assertThat(this.arbiter.target()).isEqualTo(2);
	}

	@Test
	void aRecycledWorkerServesUntilItsReplacementIsWarm() {
		startReady();
		WorkerHandle old = this.control.last(1);
		this.arbiter.recycle(old, RestartReason.MAX_REQUESTS, "served 1000 requests (prefork.max-requests)", 20 * SECOND);
		this.arbiter.recycle(old, RestartReason.MAX_REQUESTS, "again", 21 * SECOND);
		assertThat(this.control.spawnsOf(1)).isEqualTo(2);
		assertThat(old.state()).isEqualTo(WorkerState.READY);
		this.arbiter.ready(this.control.last(1), 22 * SECOND);
		assertThat(old.state()).as("its replacement still starts slowly").isEqualTo(WorkerState.READY);
		this.arbiter.warm(this.control.last(1), 23 * SECOND);
		assertThat(old.state()).isEqualTo(WorkerState.STOPPING);
		assertThat(this.control.calls).endsWith("terminate 1");
		this.arbiter.exited(old, new ExitStatus(0, 0), 24 * SECOND);
		this.arbiter.tick(30 * SECOND);
		assertThat(this.control.spawnsOf(1)).isEqualTo(2);
	}

	@Test
	void aWorkerPastTheMemoryLimitIsRecycledOneAtATimeAndCounted() {
		this.arbiter = new Arbiter(new ArbiterSettings(2, Duration.ofSeconds(20), Duration.ofSeconds(30),
				Duration.ofSeconds(60), Duration.ofSeconds(5), 0, 0, Duration.ofSeconds(10), 0, 300L << 20, Duration.ZERO),
				this.control);
		startReady();
		assertThat(this.arbiter.limitsMemory()).isTrue();
		WorkerHandle first = this.control.last(1);
		WorkerHandle second = this.control.last(2);
		this.arbiter.memoryMeasured(first, 299L << 20, 20 * SECOND);
		assertThat(this.control.spawnsOf(1)).isEqualTo(1);
		this.arbiter.memoryMeasured(first, 301L << 20, 20 * SECOND);
		this.arbiter.memoryMeasured(second, 400L << 20, 20 * SECOND);
		assertThat(this.control.spawnsOf(1)).isEqualTo(2);
		assertThat(this.control.spawnsOf(2)).as("one worker at a time").isEqualTo(1);
		serve(this.control.last(1), 22 * SECOND);
		assertThat(first.state()).isEqualTo(WorkerState.STOPPING);
		this.arbiter.memoryMeasured(second, 400L << 20, 25 * SECOND);
		assertThat(this.control.spawnsOf(2)).isEqualTo(2);
		assertThat(this.arbiter.figures().restarts()).containsEntry("memory", 1L);
	}

	@Test
	void withoutAMemoryLimitNoWorkerIsRecycledForItsMemory() {
		startReady();
		assertThat(this.arbiter.limitsMemory()).isFalse();
		this.arbiter.memoryMeasured(this.control.last(1), Long.MAX_VALUE, 20 * SECOND);
		assertThat(this.control.spawnsOf(1)).isEqualTo(1);
	}

	@Test
	void aRetireRequestCarriesItsReasonAndAnUnknownOneIsAStuckRequest() {
		RetireRequest request = new RetireRequest(RestartReason.MAX_REQUESTS, "served 10 requests (prefork.max-requests)");
		assertThat(RetireRequest.decode(request.encode())).isEqualTo(request);
		assertThat(RetireRequest.decode("a request has been running")).isEqualTo(
				new RetireRequest(RestartReason.STUCK_REQUEST, "a request has been running"));
		assertThat(RetireRequest.decode("")).isEqualTo(new RetireRequest(RestartReason.STUCK_REQUEST, ""));
	}

	@Test
	void whenARecyclingReplacementCannotBootTheOldWorkerKeepsServing() {
		startReady();
		WorkerHandle old = this.control.last(1);
		this.arbiter.recycle(old, RestartReason.STUCK_REQUEST, "stuck request", 20 * SECOND);
		bootFailure(this.control.last(1), 22 * SECOND);
		assertThat(old.state()).isEqualTo(WorkerState.READY);
		assertThat(old.recycling()).isFalse();
		this.arbiter.tick(60 * SECOND);
		assertThat(this.control.spawnsOf(1)).isEqualTo(2);
		this.arbiter.recycle(old, RestartReason.STUCK_REQUEST, "stuck request", 61 * SECOND);
		assertThat(this.control.spawnsOf(1)).isEqualTo(3);
	}

	@Test
	void aSlotThatCrashLoopsPastTheRestartBudgetStopsTheMasterWithCode5() {
		Arbiter budgeted = new Arbiter(new ArbiterSettings(2, Duration.ofSeconds(20), Duration.ofSeconds(30),
				Duration.ofSeconds(60), Duration.ofSeconds(5), 0, 0, Duration.ofSeconds(10), 2, 0, Duration.ZERO),
				this.control);
		budgeted.start(0);
		budgeted.ready(this.control.last(1), SECOND);
		budgeted.ready(this.control.last(2), SECOND);
		long now = 2 * SECOND;
		for (int crash = 1; crash <= 3; crash++) {
			budgeted.exited(this.control.last(1), new ExitStatus(1, 0), now);
			for (int i = 0; i < 100 && budgeted.workers().size() < 2 && !budgeted.stopping(); i++) {
				now += SECOND / 2;
				budgeted.tick(now);
				budgeted.heartbeat(this.control.last(2), now);
			}
			if (!budgeted.stopping()) {
				budgeted.ready(this.control.last(1), now);
			}
		}
		assertThat(budgeted.stopping()).isTrue();
		assertThat(budgeted.stopReason()).isEqualTo(
				"worker 1 died 3 times in a row within 10.00 s of boot (prefork.restart-budget=2)");
		budgeted.exited(this.control.last(2), new ExitStatus(0, 0), now + SECOND);
		assertThat(budgeted.exitCode()).hasValue(ExitCode.CRASH_LOOP);
	}

	@Test
	void eachWorkersRequestLimitTakesARandomShareOfTheJitter() {
		ArbiterSettings limited = new ArbiterSettings(1, Duration.ofSeconds(20), Duration.ofSeconds(30),
				Duration.ofSeconds(60), Duration.ofSeconds(5), 1000, 50, Duration.ofSeconds(10), 0, 0, Duration.ZERO);
		assertThat(limited.requestLimit(0.0)).isEqualTo(1000);
		assertThat(limited.requestLimit(0.999)).isEqualTo(1050);
		assertThat(settings(Duration.ofSeconds(1)).requestLimit(0.5)).isZero();
	}

	@Test
	@SuppressWarnings("unchecked")
	void restartsAreCountedByReasonAndBootsAndReloadsToo() {
		startReady();
		this.arbiter.exited(this.control.last(1), new ExitStatus(-1, 9), 20 * SECOND);
		serve(this.control.last(1), 22 * SECOND);
		this.arbiter.increment("SIGTTIN", 30 * SECOND);
		serve(this.control.last(3), 32 * SECOND);
		this.arbiter.decrement("SIGTTOU", 33 * SECOND);
		this.arbiter.reload(settings(2, Duration.ofSeconds(20)), "SIGHUP", 40 * SECOND);
		serve(this.control.last(1), 42 * SECOND);
		serve(this.control.last(2), 42 * SECOND);
		ArbiterFigures figures = this.arbiter.figures();
		assertThat(figures.restarts()).containsEntry("crash", 1L).containsEntry("scale", 1L).containsEntry("reload", 2L)
			.containsEntry("timeout", 0L);
		assertThat(figures.boots()).isEqualTo(6L);
		assertThat(figures.reloadsCompleted()).isEqualTo(1L);
		assertThat(figures.reloadsFailed()).isZero();
	}

	@Test
	void gracefulStopTerminatesEveryWorkerAndExitsZeroOnceAllAreGone() {
		startReady();
		this.arbiter.stopGracefully("SIGTERM", 5 * SECOND);
		assertThat(this.control.calls).contains("terminate 1", "terminate 2");
		this.arbiter.exited(this.control.last(1), new ExitStatus(143, 0), 6 * SECOND);
		assertThat(this.arbiter.exitCode()).isEmpty();
		this.arbiter.exited(this.control.last(2), new ExitStatus(143, 0), 7 * SECOND);
		assertThat(this.arbiter.exitCode()).hasValue(ExitCode.OK);
		assertThat(this.control.spawnsOf(1)).isEqualTo(1);
	}

	@Test
	void aWorkerThatOutlivesTheGracefulTimeoutIsKilled() {
		startReady();
		this.arbiter.stopGracefully("SIGTERM", 5 * SECOND);
		this.arbiter.tick(34 * SECOND);
		assertThat(this.control.calls).doesNotContain("kill 1");
		this.arbiter.tick(36 * SECOND);
		assertThat(this.control.calls).contains("kill 1", "kill 2");
	}

	@Test
	void quickStopDuringAGracefulOneTellsWorkersToQuit() {
		startReady();
		this.arbiter.stopGracefully("SIGTERM", 5 * SECOND);
		this.arbiter.stopQuickly("SIGINT", 6 * SECOND);
		assertThat(this.control.calls).contains("quit 1", "quit 2");
		this.arbiter.tick(12 * SECOND);
		assertThat(this.control.calls).contains("kill 1", "kill 2");
	}

	@Test
	void noWorkerIsRespawnedWhileStopping() {
		startReady();
		this.arbiter.stopGracefully("SIGTERM", 5 * SECOND);
		this.arbiter.exited(this.control.last(1), new ExitStatus(-1, 9), 6 * SECOND);
		this.arbiter.tick(60 * SECOND);
		assertThat(this.control.spawnsOf(1)).isEqualTo(1);
	}

	@Test
	void aWorkerThatDoesNotBootWithinTheBootTimeoutIsKilledAndCountsAsABootFailure() {
		this.arbiter.start(0);
		serve(this.control.last(2), 5 * SECOND);
		this.arbiter.heartbeat(this.control.last(2), 40 * SECOND);
		this.arbiter.tick(59 * SECOND);
		this.arbiter.heartbeat(this.control.last(2), 60 * SECOND);
		assertThat(this.control.calls).doesNotContain("kill 1");
		this.arbiter.tick(61 * SECOND);
		assertThat(this.control.calls).contains("kill 1").doesNotContain("kill 2");
		this.arbiter.exited(this.control.last(1), new ExitStatus(-1, 9), 61 * SECOND);
		this.arbiter.tick(70 * SECOND);
		assertThat(this.control.spawnsOf(1)).isEqualTo(2);
	}

	@Test
	void stoppingWithNoWorkersExitsAtOnce() {
		this.control.failSpawns = true;
		Arbiter lone = new Arbiter(
				new ArbiterSettings(1, Duration.ofSeconds(20), Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(5)),
				new RecordingControl());
		lone.stopGracefully("SIGTERM", 0);
		assertThat(lone.exitCode()).hasValue(ExitCode.OK);
	}

	private static ArbiterSettings settings(Duration timeout) {
		return settings(1, timeout);
	}

	private static ArbiterSettings settings(int workers, Duration timeout) {
		return new ArbiterSettings(workers, timeout, Duration.ofSeconds(30), Duration.ofSeconds(60),
				Duration.ofSeconds(5));
	}

	/** A worker reports ready, then warm: what a worker without a slow start sends. */
	@Test
	void aReloadGoesThroughItsPhasesAndTakesNoOtherChangeMeanwhile() {
		startReady();
		assertThat(this.arbiter.phase()).isEqualTo(ArbiterPhase.RUNNING);
		assertThat(this.arbiter.prepareReload("SIGHUP")).isTrue();
		assertThat(this.arbiter.phase()).isEqualTo(ArbiterPhase.PREPARING_RELOAD);
		assertThat(this.arbiter.busy()).isEqualTo("a reload is under way");
		assertThat(this.arbiter.prepareReload("SIGHUP")).as("a second HUP").isFalse();
		this.arbiter.increment("SIGTTIN", 3 * SECOND);
		assertThat(this.arbiter.target()).isEqualTo(2);
		assertThat(this.arbiter.settled()).as("the class cache changes while a reload is prepared").isFalse();
		assertThat(this.arbiter.reload(this.arbiter.settings(), "SIGHUP", 4 * SECOND)).isTrue();
		assertThat(this.arbiter.phase()).isEqualTo(ArbiterPhase.RELOADING);
		serve(this.control.last(1), 5 * SECOND);
		serve(this.control.last(2), 6 * SECOND);
		assertThat(this.arbiter.phase()).isEqualTo(ArbiterPhase.RUNNING);
		assertThat(this.arbiter.generation()).isEqualTo(2);
	}

	@Test
	void aPreparedReloadThatAStopOvertookStartsNothing() {
		startReady();
		this.arbiter.prepareReload("SIGHUP");
		this.arbiter.stopGracefully("SIGTERM", 3 * SECOND);
		this.control.calls.clear();
		assertThat(this.arbiter.reload(this.arbiter.settings(), "SIGHUP", 4 * SECOND)).isFalse();
		assertThat(this.control.calls).isEmpty();
		assertThat(this.arbiter.phase()).isEqualTo(ArbiterPhase.STOPPING_GRACEFULLY);
	}

	@Test
	void workersStoppedByWinchAreAPhaseThatHupEnds() {
		startReady();
		this.arbiter.idle("SIGWINCH", 3 * SECOND);
		assertThat(this.arbiter.phase()).isEqualTo(ArbiterPhase.IDLE);
		assertThat(this.arbiter.busy()).isEqualTo("the workers were stopped with WINCH; HUP brings them back");
		this.arbiter.resume("SIGHUP", 4 * SECOND);
		assertThat(this.arbiter.phase()).isEqualTo(ArbiterPhase.RUNNING);
	}

	@Test
	void aSpawnDeclinedForAHaltIsNoBootFailureAndTheHaltDecidesTheExitCode() {
		this.control.declineSpawns = true;
		this.arbiter.start(0);
		this.arbiter.tick(SECOND);
		assertThat(this.arbiter.workers()).isEmpty();
		assertThat(this.arbiter.exitCode()).as("no boot failure counted").isEmpty();
		assertThat(this.arbiter.figures().restarts()).containsEntry("boot-failure", 0L);
		this.arbiter.halt(7, "not today", 2 * SECOND);
		assertThat(this.arbiter.exitCode()).hasValue(7);
	}

	@Test
	void spawnsThatFailAreBootFailuresOfTheFirstGeneration() {
		this.control.failSpawns = true;
		this.arbiter.start(0);
		assertThat(this.arbiter.exitCode()).hasValue(ExitCode.APP_LOAD_ERROR);
	}

	private void serve(WorkerHandle worker, long now) {
		this.arbiter.ready(worker, now);
		this.arbiter.warm(worker, now);
	}

	private void startReady() {
		this.arbiter.start(0);
		serve(this.control.last(1), 2 * SECOND);
		serve(this.control.last(2), 2 * SECOND);
	}

	private void bootFailure(WorkerHandle worker, long now) {
		worker.markConnected();
		worker.reportBootFailure("java.lang.IllegalStateException: boom\n\tat x.y(Z.java:1)");
		this.arbiter.exited(worker, new ExitStatus(1, 0), now);
	}

}
