package dev.prefork.sample;

import java.util.concurrent.CountDownLatch;

import jakarta.annotation.PreDestroy;

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

	@GetMapping("/pid")
	String pid() {
		return Long.toString(ProcessHandle.current().pid());
	}

	@PreDestroy
	void release() {
		this.stopping.countDown();
	}

}
