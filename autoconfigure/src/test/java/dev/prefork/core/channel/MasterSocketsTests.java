package dev.prefork.core.channel;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.prefork.core.control.ControlClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The master's sockets, with a real client on a real Unix socket.
 */
class MasterSocketsTests {

	@TempDir
	Path folder;

	@Test
	void anAnswerLargerThanTheSocketTakesAtOnceIsWrittenWhole() throws Exception {
		String large = "{\"ok\":true,\"text\":\"" + "x".repeat(3 * 1024 * 1024) + "\"}";
		try (MasterSockets server = MasterSockets.open(this.folder.resolve("channel.sock"),
				this.folder.resolve("control.sock"))) {
			CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> {
				try {
					return new ControlClient(server.controlPath(), Duration.ofSeconds(20)).send("status");
				}
				catch (IOException ex) {
					throw new IllegalStateException(ex);
				}
			});
			Inbox inbox = new Inbox(large, new CopyOnWriteArrayList<>());
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
			while (!answer.isDone() && System.nanoTime() < deadline) {
				server.poll(50, inbox);
			}
			assertThat(answer.get(1, TimeUnit.SECONDS)).hasSize(large.length()).isEqualTo(large);
		}
	}

	@Test
	void aConnectionThatDoesNotSayWhoItIsIsClosedAfterTheIdleLimit() throws Exception {
		try (MasterSockets server = MasterSockets.open(this.folder.resolve("channel.sock"),
				this.folder.resolve("control.sock"), Duration.ofMillis(300));
				SocketChannel silent = SocketChannel.open(UnixDomainSocketAddress.of(server.path()))) {
			CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> readToEnd(silent));
			pollUntilDone(server, new Inbox("{}", new CopyOnWriteArrayList<>()), read);
			assertThat(read.get(1, TimeUnit.SECONDS)).as("bytes before the master closed it").isZero();
		}
	}

	@Test
	void aLineLongerThanTheLimitClosesTheConnectionInsteadOfBeingCut() throws Exception {
		List<String> received = new CopyOnWriteArrayList<>();
		try (MasterSockets server = MasterSockets.open(this.folder.resolve("channel.sock"),
				this.folder.resolve("control.sock"));
				SocketChannel peer = SocketChannel.open(UnixDomainSocketAddress.of(server.path()))) {
			CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
				try {
					ByteBuffer line = ByteBuffer.allocate(LineReader.MAX_LINE + 2);
					while (line.position() < LineReader.MAX_LINE + 1) {
						line.put((byte) 'x');
					}
					line.put((byte) '\n').flip();
					while (line.hasRemaining()) {
						peer.write(line);
					}
				}
				catch (IOException ex) {
					// the master closed the connection while the line was still being written
				}
			});
			// the line may sit in the socket's buffers whole: wait for the master's end of the connection
			CompletableFuture<Integer> closed = sent.thenApply((nothing) -> readToEnd(peer));
			pollUntilDone(server, new Inbox("{}", received), closed);
			assertThat(closed.get(1, TimeUnit.SECONDS)).as("bytes before the master closed it").isZero();
		}
		assertThat(received).isEmpty();
	}

	private static void pollUntilDone(MasterSockets server, MasterSockets.Inbox inbox, CompletableFuture<?> done)
			throws IOException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (!done.isDone() && System.nanoTime() < deadline) {
			server.poll(50, inbox);
		}
	}

	private static int readToEnd(SocketChannel channel) {
		int total = 0;
		try {
			ByteBuffer buffer = ByteBuffer.allocate(4096);
			for (int n; (n = channel.read(buffer)) >= 0; buffer.clear()) {
				total += n;
			}
		}
		catch (IOException ex) {
			// reset by the master: the same as its end of file here
		}
		return total;
	}

	/** Answers every control command with the same line, and records the messages of workers. */
	private record Inbox(String answer, List<String> received) implements MasterSockets.Inbox {

		@Override
		public void received(Connection connection, Message message) {
			this.received.add(message.toString());
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
