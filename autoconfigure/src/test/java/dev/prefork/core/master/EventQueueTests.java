package dev.prefork.core.master;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.prefork.core.arbiter.WorkerHandle;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EventQueueTests {

	private final AtomicInteger wakeups = new AtomicInteger();

	private final EventQueue events = new EventQueue(this.wakeups::incrementAndGet);

	@Test
	void eventsAreTakenInTheOrderTheyWerePostedAndEachWakesTheLoop() {
		WorkerHandle worker = new WorkerHandle(1, 1, 4242, 0);
		this.events.signal("HUP");
		this.events.post(new MasterEvent.WorkerExited(worker));
		this.events.post(new MasterEvent.ReloadPrepared("SIGHUP"));
		assertThat(takeAll()).containsExactly(new MasterEvent.SignalReceived("HUP"), new MasterEvent.WorkerExited(worker),
				new MasterEvent.ReloadPrepared("SIGHUP"));
		assertThat(this.wakeups).hasValue(3);
		assertThat(this.events.take()).isNull();
	}

	@Test
	void aSignalAlreadyWaitingIsNotQueuedTwiceButWakesTheLoop() {
		for (int i = 0; i < 5; i++) {
			this.events.signal("TTIN");
		}
		this.events.signal("TTOU");
		assertThat(takeAll()).containsExactly(new MasterEvent.SignalReceived("TTIN"),
				new MasterEvent.SignalReceived("TTOU"));
		assertThat(this.wakeups).hasValue(6);
		this.events.signal("TTIN");
		assertThat(takeAll()).as("once taken, the signal is queued again").hasSize(1);
	}

	@Test
	void exitsAreNeverMerged() {
		this.events.post(new MasterEvent.WorkerExited(new WorkerHandle(1, 1, 100, 0)));
		this.events.post(new MasterEvent.WorkerExited(new WorkerHandle(1, 1, 100, 0)));
		assertThat(takeAll()).hasSize(2);
	}

	private List<MasterEvent> takeAll() {
		List<MasterEvent> taken = new ArrayList<>();
		for (MasterEvent event; (event = this.events.take()) != null;) {
			taken.add(event);
		}
		return taken;
	}

}
