package dev.prefork.autoconfigure.worker;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;

/**
 * Counts the requests a worker served, for {@code prefork.max-requests}, and knows which threads are
 * serving one and since when, so that a request stuck past {@code prefork.timeout} is noticed.
 */
final class RequestTracker implements Filter {

	private final AtomicLong served = new AtomicLong();

	private final Map<Thread, Long> inFlight = new ConcurrentHashMap<>();

	private volatile long lastStart = System.nanoTime();

	@Override
	public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
			throws IOException, ServletException {
		Thread thread = Thread.currentThread();
		long now = System.nanoTime();
		this.lastStart = now;
		this.inFlight.put(thread, now);
		try {
			chain.doFilter(request, response);
		}
		finally {
			this.inFlight.remove(thread);
			this.served.incrementAndGet();
		}
	}

	/** How long ago the last request started. */
	long sinceLastStart(long now) {
		return now - this.lastStart;
	}

	/**
	 * Whether no request is in flight and none started for a while.
	 * @param quietNanos how long none started
	 * @param now {@link System#nanoTime()}
	 * @return true when idle
	 */
	boolean idleFor(long quietNanos, long now) {
		return this.inFlight.isEmpty() && now - this.lastStart >= quietNanos;
	}

	/** When the last request started, as {@link System#nanoTime()}. */
	long lastStart() {
		return this.lastStart;
	}

	long served() {
		return this.served.get();
	}

	/** Starts counting from zero, after the warm-up pass: its requests count for nothing. */
	void forgetServed() {
		this.served.set(0);
	}

	/**
	 * The thread serving the oldest request in flight, if it has run for longer than a limit.
	 * @param limitNanos the limit
	 * @param now {@link System#nanoTime()}
	 * @return the thread and how long it has been serving, or null
	 */
	Stuck stuckLongerThan(long limitNanos, long now) {
		Stuck oldest = null;
		for (Map.Entry<Thread, Long> entry : this.inFlight.entrySet()) {
			long age = now - entry.getValue();
			if (age > limitNanos && (oldest == null || age > oldest.nanos())) {
				oldest = new Stuck(entry.getKey(), age);
			}
		}
		return oldest;
	}

	/** A request running for too long: the thread serving it and for how long. */
	record Stuck(Thread thread, long nanos) {
	}

}
