package dev.prefork.core.master;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.prefork.core.arbiter.Arbiter;
import dev.prefork.core.arbiter.ArbiterPhase;
import dev.prefork.core.arbiter.ArbiterSettings;
import dev.prefork.core.arbiter.WorkerHandle;
import dev.prefork.core.arbiter.WorkerProcessControl;
import dev.prefork.core.control.ControlCommand;
import dev.prefork.core.spawn.ClassCache;
import dev.prefork.core.spawn.JavaCommand;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What signals and control commands make the master do, and what it refuses, against a real
 * arbiter whose workers are recorded instead of started.
 */
class ActionsTests {

	private final List<String> calls = new ArrayList<>();

	private final Arbiter arbiter = new Arbiter(new ArbiterSettings(2, Duration.ofSeconds(20), Duration.ofSeconds(30),
			Duration.ofSeconds(60), Duration.ofSeconds(5)), new Recording());

	private final EventQueue events = new EventQueue(() -> {
	});

	private final ReloadPreparation reloads = new ReloadPreparation(
			ClassCache.off(JavaCommand.of(List.of("java", "-jar", "app.jar")), "a test"), this.events);

	private final Actions actions = new Actions(this.arbiter, this.reloads,
			new Upgrade(List.of("java", "-jar", "app.jar"), null, new Listeners(MasterHooks.NONE), this.events),
			new Listeners(MasterHooks.NONE), () -> this.calls.add("reopen logs"));

	@Test
	void everyChangeIsRefusedWithItsReasonWhileTheFirstWorkersBoot() {
		this.arbiter.start(0);
		for (String command : List.of("ttin", "ttou", "reload", "upgrade", "scale 3")) {
			assertThat(this.actions.perform(ControlCommand.parse(command), "a test")).as(command)
				.isEqualTo("the first workers are still booting");
		}
		assertThat(this.arbiter.target()).isEqualTo(2);
	}

	@Test
	void scalingPastTheMaximumIsRefusedWithTheLimit() {
		serving();
		assertThat(this.actions.perform(new ControlCommand("scale", 2000), "a test"))
			.isEqualTo("at most 1024 workers (the maximum of prefork.workers)");
		assertThat(this.arbiter.target()).isEqualTo(2);
		assertThat(this.actions.perform(ControlCommand.parse("scale 3"), "a test")).isNull();
		assertThat(this.arbiter.target()).isEqualTo(3);
	}

	@Test
	void aSecondReloadWhileTheFirstIsPreparedIsRefused() {
		serving();
		assertThat(this.actions.perform(ControlCommand.parse("reload"), "SIGHUP")).isNull();
		assertThat(this.arbiter.phase()).isEqualTo(ArbiterPhase.PREPARING_RELOAD);
		assertThat(this.actions.perform(ControlCommand.parse("reload"), "SIGHUP")).isEqualTo("a reload is under way");
		assertThat(this.actions.perform(ControlCommand.parse("ttin"), "SIGTTIN")).isEqualTo("a reload is under way");
	}

	@Test
	void signalsAreTheCommandsTheyStandFor() {
		serving();
		this.actions.signal("USR1");
		this.actions.signal("TTIN");
		assertThat(this.calls).containsExactly("spawn 1", "spawn 2", "reopen logs", "spawn 3");
		this.actions.signal("TERM");
		assertThat(this.arbiter.stopping()).isTrue();
	}

	private void serving() {
		this.arbiter.start(0);
		this.arbiter.workers().forEach((worker) -> this.arbiter.ready(worker, 1_000_000_000L));
	}

	/** Records what the arbiter asks of processes. */
	private final class Recording implements WorkerProcessControl {

		private long nextPid = 100;

		@Override
		public WorkerHandle spawn(int slot, int generation, long nanoTime) throws IOException {
			ActionsTests.this.calls.add("spawn " + slot);
			return new WorkerHandle(slot, generation, this.nextPid++, nanoTime);
		}

		@Override
		public void terminate(WorkerHandle worker) {
			ActionsTests.this.calls.add("terminate " + worker.slot());
		}

		@Override
		public void quit(WorkerHandle worker) {
			ActionsTests.this.calls.add("quit " + worker.slot());
		}

		@Override
		public void dump(WorkerHandle worker) {
			ActionsTests.this.calls.add("dump " + worker.slot());
		}

		@Override
		public void kill(WorkerHandle worker) {
			ActionsTests.this.calls.add("kill " + worker.slot());
		}

	}

}
