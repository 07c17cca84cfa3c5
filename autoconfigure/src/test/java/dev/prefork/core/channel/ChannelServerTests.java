package dev.prefork.core.channel;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.prefork.core.control.ControlClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The master's sockets, with a real client on a real Unix socket.
 */
class ChannelServerTests {

	@TempDir
	Path folder;

	@Test
	void anAnswerLargerThanTheSocketTakesAtOnceIsWrittenWhole() throws Exception {
		String large = "{\"ok\":true,\"text\":\"" + "x".repeat(3 * 1024 * 1024) + "\"}";
		try (ChannelServer server = ChannelServer.open(this.folder.resolve("channel.sock"),
				this.folder.resolve("control.sock"))) {
			CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> {
				try {
					return new ControlClient(server.controlPath(), Duration.ofSeconds(20)).send("status");
				}
				catch (IOException ex) {
					throw new IllegalStateException(ex);
				}
			});
			Inbox inbox = new Inbox(large);
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
			while (!answer.isDone() && System.nanoTime() < deadline) {
				server.poll(50, inbox);
			}
			assertThat(answer.get(1, TimeUnit.SECONDS)).hasSize(large.length()).isEqualTo(large);
		}
	}

	/** Answers every control command with the same line. */
	private record Inbox(String answer) implements ChannelServer.Inbox {

		@Override
		public void received(Connection connection, Message message) {
		}

		@Override
		public void control(Connection connection, String line) {
			connection.answer(this.answer);
		}

		@Override
		public void closed(Connection connection) {
		}

	}

}
