package dev.prefork.core.master;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.prefork.core.spawn.ClassCache;
import dev.prefork.core.spawn.JavaCommand;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A reload's preparation runs off the loop and hands the reload back through the event queue, with
 * the reason it was asked for, waking the loop.
 */
class ReloadPreparationTests {

	@Test
	void aPreparedReloadIsPostedWithItsReasonAndWakesTheLoop() throws InterruptedException {
		CountDownLatch woken = new CountDownLatch(1);
		EventQueue events = new EventQueue(woken::countDown);
		ReloadPreparation preparation = new ReloadPreparation(
				ClassCache.off(JavaCommand.of(List.of("java", "-jar", "app.jar")), "a test"), events);
		preparation.start("SIGHUP");
		assertThat(woken.await(10, TimeUnit.SECONDS)).as("the loop was woken").isTrue();
		assertThat(events.take()).isEqualTo(new MasterEvent.ReloadPrepared("SIGHUP"));
		assertThat(events.take()).isNull();
	}

}
