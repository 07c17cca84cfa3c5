package dev.prefork.sample;

import java.util.concurrent.CountDownLatch;

import jakarta.annotation.PreDestroy;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The endpoints the docs and tests use: a greeting, slow and hanging requests, and the pid of the
 * worker that answered.
 */
@RestController
class SampleController {

	private final CountDownLatch stopping = new CountDownLatch(1);

	@GetMapping("/")
	String hello() {
		return "hello";
	}

	@GetMapping("/slow")
	String slow(@RequestParam(defaultValue = "1000") long ms) throws InterruptedException {
		Thread.sleep(ms);
		return "slept " + ms + " ms";
	}

	@GetMapping("/hang")
	String hang() throws InterruptedException {
		this.stopping.await();
		return "released";
	}

	/**
	 * Ends this worker with an exit code, to show how the master reacts. Off unless
	 * {@code sample.allow-exit=true}.
	 */
	@GetMapping("/exit")
	ResponseEntity<String> exit(@RequestParam int code, @Value("${sample.allow-exit:false}") boolean allowed) {
		if (!allowed) {
			return ResponseEntity.status(HttpStatus.FORBIDDEN).body("set sample.allow-exit=true to allow /exit");
		}
		new Thread(() -> System.exit(code), "sample-exit").start();
		return ResponseEntity.ok("exiting with code " + code);
	}

	@GetMapping("/pid")
	String pid() {
		return Long.toString(ProcessHandle.current().pid());
	}

	@PreDestroy
	void release() {
		this.stopping.countDown();
	}

}
