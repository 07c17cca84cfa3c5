package dev.prefork.core.control;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

import jdk.net.ExtendedSocketOptions;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.Locale;

import jdk.net.ExtendedSocketOptions;

/**
 * Sends one command to a master's control socket and returns its JSON answer: what the CLI, the
 * Actuator endpoint, the health contributor and the meters use. Every call is bounded: a master that
 * is stopped, paused or busy makes the call fail after the timeout, never hang. A socket served by
 * another user (not root) gets nothing: the client checks the server's credentials first.
 */
public final class ControlClient {

	/** The control socket's name in the master's runtime folder. */
	public static final String SOCKET_NAME = "control.sock";

	/** How long a call waits for the master by default: a master that answers at all answers in milliseconds. */
	public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

	private static final int MAX_ANSWER = 4 * 1024 * 1024;

	private final Path socket;

	private final Duration timeout;

	public ControlClient(Path socket) {
		this(socket, DEFAULT_TIMEOUT);
	}

	/**
	 * @param socket the master's control socket
	 * @param timeout how long a call may take in all: connecting, sending and reading the answer
	 */
	public ControlClient(Path socket, Duration timeout) {
		this.socket = socket;
		this.timeout = timeout;
	}

	/** The master's control socket. */
	public Path socket() {
		return this.socket;
	}

	/**
	 * Sends a command.
	 * @param command such as {@code status} or {@code scale 4}
	 * @return the master's answer, one JSON object
	 * @throws IOException if the master cannot be reached, or did not answer within the timeout
	 * ({@link NotAnsweringException})
	 */
	public String send(String command) throws IOException {
		long deadline = System.nanoTime() + this.timeout.toNanos();
		try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
				Selector selector = Selector.open()) {
			channel.configureBlocking(false);
			if (!channel.connect(UnixDomainSocketAddress.of(this.socket))) {
				await(channel, selector, SelectionKey.OP_CONNECT, deadline, "accept the connection");
				channel.finishConnect();
			}
			checkPeer(channel);
			ByteBuffer request = ByteBuffer.wrap((command.strip() + "\n").getBytes(StandardCharsets.UTF_8));
			IOException writeFailure = null;
			try {
				while (request.hasRemaining()) {
					if (channel.write(request) == 0) {
						await(channel, selector, SelectionKey.OP_WRITE, deadline, "take the command");
					}
				}
			}
			catch (IOException ex) {
				if (ex instanceof NotAnsweringException) {
					throw ex;
				}
				// a master that refuses answers at once and closes: its answer is still there to read
				writeFailure = ex;
			}
			String text = read(channel, selector, deadline).strip();
			if (text.isEmpty()) {
				IOException failure = new IOException(
						"The master at " + this.socket + " closed the connection without an answer");
				if (writeFailure != null) {
					failure.addSuppressed(writeFailure);
				}
				throw failure;
			}
			return text;
		}
	}

	/**
	 * Refuses to talk to a socket that another user serves: a folder that looks like a master's may
	 * belong to anyone. Root may serve (a master run as root for this user's application).
	 */
	private void checkPeer(SocketChannel channel) throws IOException {
		UserPrincipal peer = channel.getOption(ExtendedSocketOptions.SO_PEERCRED).user();
		UserPrincipalLookupService users = FileSystems.getDefault().getUserPrincipalLookupService();
		UserPrincipal self = users.lookupPrincipalByName(System.getProperty("user.name"));
		if (!peer.equals(self) && !peer.getName().equals("root")) {
			String expected = self.getName().equals("root") ? "root" : self.getName() + " or root";
			throw new IOException("The socket " + this.socket + " is served by user " + peer.getName() + ", not by "
					+ expected + ": it is not this user's master, and nothing was sent to it");
		}
	}

	private String read(SocketChannel channel, Selector selector, long deadline) throws IOException {
		ByteArrayOutputStream answer = new ByteArrayOutputStream();
		ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
		while (true) {
			buffer.clear();
			int read = channel.read(buffer);
			if (read < 0) {
				return answer.toString(StandardCharsets.UTF_8);
			}
			if (read == 0) {
				await(channel, selector, SelectionKey.OP_READ, deadline, "answer");
				continue;
			}
			answer.write(buffer.array(), 0, read);
			if (answer.size() > MAX_ANSWER) {
				throw new IOException("The master at " + this.socket + " answered more than " + MAX_ANSWER + " bytes");
			}
		}
	}

	private void await(SocketChannel channel, Selector selector, int operation, long deadline, String what)
			throws IOException {
		long left = deadline - System.nanoTime();
		if (left > 0) {
			SelectionKey key = channel.register(selector, operation);
			selector.selectedKeys().clear();
			int ready = selector.select(Math.max(1, left / 1_000_000));
			key.interestOps(0);
			if (ready > 0) {
				return;
			}
			if (deadline - System.nanoTime() > 0) {
				return;
			}
		}
		throw new NotAnsweringException(String.format(Locale.ROOT,
				"The master did not %s within %.1f s on %s: it is stopped, paused or busy", what,
				this.timeout.toMillis() / 1000.0, this.socket));
	}

	/** The master did not answer within the client's timeout. */
	public static final class NotAnsweringException extends IOException {

		private static final long serialVersionUID = 1L;

		NotAnsweringException(String message) {
			super(message);
		}

	}

}
