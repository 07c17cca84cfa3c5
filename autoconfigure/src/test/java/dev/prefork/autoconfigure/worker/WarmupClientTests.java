package dev.prefork.autoconfigure.worker;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

class WarmupClientTests {

	private static final byte[] REQUEST = WarmupClient.request("/orders?page=1", WarmupPass.HEADER);

	@Test
	void readsAnswersByLengthAndByChunksOnOneConnectionAndReconnectsAfterAClose() throws Exception {
		List<String> answers = List.of(
				"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello",
				"HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n2\r\nde\r\n0\r\nX-T: 1\r\n\r\n",
				"HTTP/1.1 500 Oops\r\nContent-Length: 2\r\nConnection: close\r\n\r\nno",
				"HTTP/1.1 302 Found\r\nLocation: /login\r\nContent-Length: 0\r\n\r\n");
		try (LoopbackServer server = new LoopbackServer(answers)) {
			try (WarmupClient client = new WarmupClient(server.port())) {
				assertThat(client.send(REQUEST)).isEqualTo(200);
				assertThat(client.send(REQUEST)).isEqualTo(404);
				assertThat(client.send(REQUEST)).isEqualTo(500);
				assertThat(client.send(REQUEST)).isEqualTo(302);
			}
			assertThat(server.connections.get()).as("a new connection after Connection: close").isEqualTo(2);
			assertThat(server.requestLines).containsOnly("GET /orders?page=1 HTTP/1.1");
			assertThat(server.headers).contains("X-Prefork-Warmup: 1");
		}
	}

	@Test
	void anAnswerThatIsNotHttpFailsTheRequest() throws Exception {
		try (LoopbackServer server = new LoopbackServer(List.of("SSH-2.0-OpenSSH\r\n"))) {
			try (WarmupClient client = new WarmupClient(server.port())) {
				assertThatIOException().isThrownBy(() -> client.send(REQUEST)).withMessageContaining("Not an HTTP answer");
			}
		}
	}

	/** Answers each request it reads with the next canned answer; closes after "Connection: close". */
	private static final class LoopbackServer implements AutoCloseable {

		private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());

		private final AtomicInteger connections = new AtomicInteger();

		private final List<String> requestLines = new CopyOnWriteArrayList<>();

		private final List<String> headers = new CopyOnWriteArrayList<>();

		private final Thread thread;

		LoopbackServer(List<String> answers) throws IOException {
			this.thread = new Thread(() -> serve(answers), "loopback-server");
			this.thread.setDaemon(true);
			this.thread.start();
		}

		int port() {
			return this.socket.getLocalPort();
		}

		private void serve(List<String> answers) {
			int next = 0;
			while (next < answers.size()) {
				try (Socket connection = this.socket.accept()) {
					this.connections.incrementAndGet();
					BufferedReader in = new BufferedReader(
							new InputStreamReader(connection.getInputStream(), StandardCharsets.ISO_8859_1));
					OutputStream out = connection.getOutputStream();
					while (next < answers.size()) {
						String line = in.readLine();
						if (line == null) {
							break;
						}
						this.requestLines.add(line);
						for (String header = in.readLine(); header != null && !header.isEmpty(); header = in.readLine()) {
							this.headers.add(header);
						}
						String answer = answers.get(next++);
						out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
						out.flush();
						if (answer.contains("Connection: close")) {
							break;
						}
					}
				}
				catch (IOException ex) {
					return;
				}
			}
		}

		@Override
		public void close() throws Exception {
			this.socket.close();
			this.thread.join(5_000);
		}

	}

}
