package dev.prefork.sample;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.awaitility.Awaitility.await;

/**
 * A worker out of heap is named as such: at boot, with the heap it had and what to change; while
 * serving, it exits at once (the master adds {@code -XX:+ExitOnOutOfMemoryError}) and is replaced,
 * instead of serving on in whatever state the error left its JVM.
 */
class OutOfMemoryIT {

	/** A heap the sample app boots in, and that 200 MB more cannot fit. */
	private static final Map<String, String> SMALL_HEAP = Map.of("JAVA_TOOL_OPTIONS", "-Xmx96m");

	@Test
	void aWorkerOutOfHeapWhileServingExitsAndIsReplacedWithTheReason() throws Exception {
		try (PreforkServer server = PreforkServer.start("oom-serving", SMALL_HEAP, "--server.port=0",
				"--sample.allow-allocate=true")) {
			int port = server.port();
			List<Long> workers = server.awaitReady(2).readyWorkerPids();
			assertThatIOException().isThrownBy(() -> Http.get(port, "/allocate?mb=200"));
			String line = server.awaitLine("Worker \\d \\(pid (\\d+)\\) ran out of memory \\(java.lang.OutOfMemoryError; "
					+ "it exits on the first one, -XX:\\+ExitOnOutOfMemoryError\\) with -Xmx96m: replacing it",
					Duration.ofSeconds(30)).group(1);
			assertThat(Long.parseLong(line)).isIn(workers);
			await("the replacement").atMost(PreforkServer.BOOT).until(() -> server.readyWorkerPids().size() == 3);
			assertThat(Http.get(port, "/").status()).isEqualTo(200);
			assertThat(server.isAlive()).isTrue();
		}
	}

	@Test
	void workersOutOfHeapAtBootAreNamedAndTheMasterStopsWithCode3() throws IOException {
		try (PreforkServer server = PreforkServer.start("oom-boot", SMALL_HEAP, "--server.port=0",
				"--sample.allocate-at-boot-mb=200")) {
			assertThat(server.awaitExit(PreforkServer.BOOT)).isEqualTo(3);
			assertThat(server.output()).contains("failed to boot (code 3): it ran out of heap "
					+ "(java.lang.OutOfMemoryError) with -Xmx96m; raise the heap (-Xmx) or lower prefork.workers")
				.doesNotContain("did the application call System.exit");
		}
	}

}
