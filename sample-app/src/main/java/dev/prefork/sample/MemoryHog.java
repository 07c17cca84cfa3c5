package dev.prefork.sample;

import java.util.ArrayList;
import java.util.List;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Holds on to memory, to show how prefork reports a worker that runs out of heap: at boot with
 * {@code sample.allocate-at-boot-mb}, or while serving with {@code GET /allocate?mb=N} when
 * {@code sample.allow-allocate=true}.
 */
@RestController
class MemoryHog {

	private final List<byte[]> held = new ArrayList<>();

	private final boolean allowed;

	MemoryHog(@Value("${sample.allocate-at-boot-mb:0}") int atBoot, @Value("${sample.allow-allocate:false}") boolean allowed) {
		this.allowed = allowed;
		hold(atBoot);
	}

	@GetMapping("/allocate")
	ResponseEntity<String> allocate(@RequestParam int mb) {
		if (!this.allowed) {
			return ResponseEntity.status(HttpStatus.FORBIDDEN).body("set sample.allow-allocate=true to allow /allocate");
		}
		hold(mb);
		return ResponseEntity.ok("holding " + this.held.size() + " MB");
	}

	private synchronized void hold(int mb) {
		for (int i = 0; i < mb; i++) {
			this.held.add(new byte[1024 * 1024]);
		}
	}

}
