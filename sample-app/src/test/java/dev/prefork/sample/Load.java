package dev.prefork.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Steady load on loopback for the duration of a test: a few threads sending {@code GET /} on fresh
 * connections, one after the other, counting answers and failures. Bounded by the test that stops
 * it, and by a hard limit of requests.
 */
final class Load implements AutoCloseable {

	private static final int MAX_REQUESTS = 2_000_000;

	private final AtomicBoolean running = new AtomicBoolean(true);

	private final AtomicInteger ok = new AtomicInteger();

	private final List<String> failures = new CopyOnWriteArrayList<>();

	private final List<Thread> threads = new ArrayList<>();

	Load(int port, int threads) {
		for (int i = 0; i < threads; i++) {
			Thread thread = new Thread(() -> {
				while (this.running.get() && this.ok.get() + this.failures.size() < MAX_REQUESTS) {
					try {
						Http.Response response = Http.get(port, "/");
						if (response.status() == 200) {
							this.ok.incrementAndGet();
						}
						else {
							this.failures.add("status " + response.status());
						}
					}
					catch (Exception ex) {
						this.failures.add(ex.toString());
					}
				}
			}, "load-" + i);
			thread.setDaemon(true);
			thread.start();
			this.threads.add(thread);
		}
	}

	int succeeded() {
		return this.ok.get();
	}

	List<String> failures() {
		return this.failures;
	}

	@Override
	public void close() throws InterruptedException {
		this.running.set(false);
		for (Thread thread : this.threads) {
			thread.join(70_000);
		}
	}

}
