package dev.prefork.core.master;

import java.time.Duration;

import dev.prefork.core.arbiter.Arbiter;
import dev.prefork.core.arbiter.ArbiterSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

class ListenersTests {

	private final Arbiter arbiter = new Arbiter(new ArbiterSettings(1, Duration.ofSeconds(20), Duration.ofSeconds(30),
			Duration.ofSeconds(60), Duration.ofSeconds(5)), null);

	@Test
	void aListenersHaltRequestStopsTheServerWithItsCode() {
		Listeners listeners = new Listeners(new MasterHooks() {
			@Override
			public void ready(String listen) {
				throw new MasterHooks.HaltRequest(7, "not on " + listen);
			}
		});
		listeners.call("ready", (hooks) -> hooks.ready("0.0.0.0:8080"));
		assertThat(listeners.haltRequested()).isTrue();
		assertThat(this.arbiter.stopping()).as("the halt waits for the loop, not the hook").isFalse();
		listeners.applyHalt(this.arbiter, 0);
		assertThat(this.arbiter.exitCode()).hasValue(7);
		assertThat(this.arbiter.stopReason()).isEqualTo("not on 0.0.0.0:8080");
	}

	@Test
	void anythingElseAListenerThrowsChangesNothing() {
		Listeners listeners = new Listeners(new MasterHooks() {
			@Override
			public void reloading() {
				throw new IllegalStateException("a bug in a listener");
			}
		});
		assertThatNoException().isThrownBy(() -> listeners.call("reloading", MasterHooks::reloading));
		listeners.applyHalt(this.arbiter, 0);
		assertThat(this.arbiter.exitCode()).isEmpty();
		assertThat(this.arbiter.stopping()).isFalse();
	}

}
