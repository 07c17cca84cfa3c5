package dev.prefork.core.master;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

import dev.prefork.core.arbiter.Arbiter;
import dev.prefork.core.arbiter.ArbiterSettings;
import dev.prefork.core.arbiter.WorkerHandle;
import dev.prefork.core.arbiter.WorkerProcessControl;
import dev.prefork.core.control.ServerStatus;
import org.junit.jupiter.api.Test;

import org.springframework.boot.json.JsonParserFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The status the master answers follows the arbiter's phase and workers, without a process: the
 * workers are handles of pids that do not run.
 */
class StatusReportTests {

	private static final long SECOND = 1_000_000_000L;

	private final Arbiter arbiter = new Arbiter(new ArbiterSettings(2, Duration.ofSeconds(20), Duration.ofSeconds(30),
			Duration.ofSeconds(60), Duration.ofSeconds(5)), new Handles());

	@Test
	void theMasterLineFollowsThePhase() {
		serving();
		assertThat(status().master()).satisfies((master) -> {
			assertThat(master.reloading()).isFalse();
			assertThat(master.liveWorkers()).isEqualTo(2);
			assertThat(master.targetWorkers()).isEqualTo(2);
		});
		this.arbiter.prepareReload("SIGHUP");
		assertThat(status().master().reloading()).as("a reload being prepared is a reload").isTrue();
		this.arbiter.reload(this.arbiter.settings(), "SIGHUP", 2 * SECOND);
		assertThat(status().master().reloading()).isTrue();
		assertThat(status().master().generation()).isEqualTo(2);
		assertThat(status().workers()).extracting(ServerStatus.Worker::state).contains("booting", "ready");
		this.arbiter.stopGracefully("SIGTERM", 3 * SECOND);
		assertThat(status().master().stopping()).isTrue();
		assertThat(status().master().reloading()).isFalse();
	}

	@Test
	void theJsonAnswerReadsBackAsTheSameStatus() {
		serving();
		this.arbiter.idle("SIGWINCH", 2 * SECOND);
		String json = StatusReport.json(this.arbiter, Instant.now(), "0.0.0.0:8080", 3, 2048, "off");
		ServerStatus read = ServerStatus.from(JsonParserFactory.getJsonParser().parseMap(json));
		assertThat(read.master().idle()).isTrue();
		assertThat(read.master().listen()).isEqualTo("0.0.0.0:8080");
		assertThat(read.master().acceptQueue()).isEqualTo(3);
		assertThat(read.master().backlog()).isEqualTo(2048);
		assertThat(read.master().classCache()).isEqualTo("off");
		assertThat(read.workers()).hasSize(2).extracting(ServerStatus.Worker::state).containsOnly("stopping");
	}

	private void serving() {
		this.arbiter.start(0);
		this.arbiter.workers().forEach((worker) -> {
			this.arbiter.ready(worker, SECOND);
			this.arbiter.warm(worker, SECOND);
		});
	}

	private ServerStatus status() {
		return StatusReport.status(this.arbiter, Instant.now(), "0.0.0.0:8080", -1, 2048, "off");
	}

	/** Handles of pids no process has. */
	private static final class Handles implements WorkerProcessControl {

		private long nextPid = Integer.MAX_VALUE - 10;

		@Override
		public WorkerHandle spawn(int slot, int generation, long nanoTime) throws IOException {
			return new WorkerHandle(slot, generation, this.nextPid++, nanoTime);
		}

		@Override
		public void terminate(WorkerHandle worker) {
		}

		@Override
		public void quit(WorkerHandle worker) {
		}

		@Override
		public void dump(WorkerHandle worker) {
		}

		@Override
		public void kill(WorkerHandle worker) {
		}

	}

}
