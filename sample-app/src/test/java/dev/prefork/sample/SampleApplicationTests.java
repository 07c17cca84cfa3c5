package dev.prefork.sample;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user's own {@code @SpringBootTest} runs the application in the test JVM: the prefork starter
 * never turns a test into a master that spawns workers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SampleApplicationTests {

	@LocalServerPort
	private int port;

	@Autowired
	private SampleController controller;

	@Test
	void theTestJvmServesTheApplicationItself() throws Exception {
		assertThat(Http.get(this.port, "/pid").body()).isEqualTo(Long.toString(ProcessHandle.current().pid()));
		assertThat(this.controller.hello()).isEqualTo("hello");
	}

}
