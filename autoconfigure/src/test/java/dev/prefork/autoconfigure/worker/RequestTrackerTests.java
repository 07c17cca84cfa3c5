package dev.prefork.autoconfigure.worker;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class RequestTrackerTests {

	private static final long QUIET = TimeUnit.SECONDS.toNanos(2);

	@Test
	void aWorkerIsIdleWhenNoRequestIsInFlightAndNoneStartedForAWhile() throws Exception {
		RequestTracker tracker = new RequestTracker();
		AtomicBoolean idleWhileServing = new AtomicBoolean(true);
		MockFilterChain chain = new MockFilterChain(new jakarta.servlet.http.HttpServlet() {
			@Override
			protected void service(jakarta.servlet.http.HttpServletRequest request,
					jakarta.servlet.http.HttpServletResponse response) {
				// even long after it started, a request in flight keeps the worker busy
				idleWhileServing.set(tracker.idleFor(QUIET, System.nanoTime() + 10 * QUIET));
			}
		});
		tracker.doFilter(new MockHttpServletRequest(), new MockHttpServletResponse(), chain);
		assertThat(idleWhileServing).isFalse();
		assertThat(tracker.served()).isEqualTo(1);
		long started = tracker.lastStart();
		assertThat(tracker.idleFor(QUIET, started + QUIET - 1)).isFalse();
		assertThat(tracker.idleFor(QUIET, started + QUIET)).isTrue();
	}

}
