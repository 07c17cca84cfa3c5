package dev.prefork.core.channel;

import java.io.Closeable;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.prefork.core.control.Json;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master's Unix-domain sockets, and the one selector the master's loop waits on: the channel
 * socket that workers connect to, and the control socket for the CLI and the Actuator endpoint.
 * Both live in the private runtime folder; the control socket is also mode 0600, and a client whose
 * peer credentials name another user is refused.
 */
public final class MasterSockets implements Closeable {

	private static final Logger logger = LoggerFactory.getLogger(MasterSockets.class);

	/**
	 * How long a connection may stay without saying who it is (a worker says HELLO at once) or, on
	 * the control socket, without being answered (a client sends one line at once).
	 */
	static final Duration IDLE_LIMIT = Duration.ofSeconds(10);

	/** How many such connections may be open at once; more are closed as they arrive. */
	static final int UNIDENTIFIED_LIMIT = 64;

	private static final long SWEEP_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

	private final long idleLimitNanos;

	private long nextSweep = System.nanoTime() + SWEEP_INTERVAL_NANOS;

	private long refusedWarnedAt;

	private volatile Path path;

	private final Selector selector;

	private volatile Path controlPath;

	private final UserPrincipal owner;

	private MasterSockets(Path path, Path controlPath, Selector selector, UserPrincipal owner, Duration idleLimit) {
		this.idleLimitNanos = idleLimit.toNanos();
		this.path = path;
		this.controlPath = controlPath;
		this.selector = selector;
		this.owner = owner;
	}

	/**
	 * Binds the sockets, replacing stale socket files left there.
	 * @param path the workers' channel socket
	 * @param controlPath the control socket
	 * @return the server
	 * @throws IOException if a socket cannot be bound
	 */
	public static MasterSockets open(Path path, Path controlPath) throws IOException {
		return open(path, controlPath, IDLE_LIMIT);
	}

	static MasterSockets open(Path path, Path controlPath, Duration idleLimit) throws IOException {
		Selector selector = Selector.open();
		listen(path, selector, false);
		listen(controlPath, selector, true);
		Files.setPosixFilePermissions(controlPath, PosixFilePermissions.fromString("rw-------"));
		return new MasterSockets(path, controlPath, selector, Files.getOwner(controlPath), idleLimit);
	}

	private static void listen(Path path, Selector selector, boolean control) throws IOException {
		Files.deleteIfExists(path);
		ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
		server.bind(UnixDomainSocketAddress.of(path));
		server.configureBlocking(false);
		server.register(selector, SelectionKey.OP_ACCEPT, control);
	}

	public Path controlPath() {
		return this.controlPath;
	}

	public Path path() {
		return this.path;
	}

	/**
	 * The folder of both sockets was moved (an in-place upgrade moves it aside): workers spawned from
	 * now on connect by the new path, and the sockets are removed there on close.
	 * @param folder the folder's new path
	 */
	public void movedTo(Path folder) {
		this.path = folder.resolve(this.path.getFileName());
		this.controlPath = folder.resolve(this.controlPath.getFileName());
	}

	/** Makes a {@link #poll} in progress return now: signal handlers and process reapers call it. */
	public void wakeup() {
		this.selector.wakeup();
	}

	/**
	 * Waits up to a timeout for connections and messages, and hands each to the inbox.
	 * @param timeoutMillis the longest wait
	 * @param inbox where messages go
	 * @throws IOException if the selector fails
	 */
	public void poll(long timeoutMillis, Inbox inbox) throws IOException {
		this.selector.select(Math.max(1, timeoutMillis));
		Iterator<SelectionKey> keys = this.selector.selectedKeys().iterator();
		while (keys.hasNext()) {
			SelectionKey key = keys.next();
			keys.remove();
			if (!key.isValid()) {
				continue;
			}
			if (key.isAcceptable()) {
				accept((ServerSocketChannel) key.channel(), (Boolean) key.attachment());
				continue;
			}
			Connection connection = (Connection) key.attachment();
			if (key.isWritable()) {
				connection.flush();
			}
			if (key.isValid() && key.isReadable()) {
				read(connection, inbox);
			}
		}
		long now = System.nanoTime();
		if (now - this.nextSweep >= 0) {
			this.nextSweep = now + SWEEP_INTERVAL_NANOS;
			closeIdle(now);
		}
	}

	/** Closes the connections that stayed too long without saying who they are, or without an answer. */
	private void closeIdle(long now) {
		for (SelectionKey key : List.copyOf(this.selector.keys())) {
			if (key.attachment() instanceof Connection connection && unidentified(connection)
					&& now - connection.acceptedAt() > this.idleLimitNanos) {
				logger.warn("Closed a {} connection that {} within {} s", connection.control() ? "control" : "channel",
						connection.control() ? "was not answered" : "did not say which worker it is",
						String.format(Locale.ROOT, "%.2f", this.idleLimitNanos / 1e9));
				connection.close();
			}
		}
	}

	/** A control client not answered yet, or a channel connection without HELLO. */
	private static boolean unidentified(Connection connection) {
		return connection.owner() == null;
	}

	/**
	 * Reads everything a connection still holds, up to its end of file. The master calls it when the
	 * worker's process has exited, so that a boot failure report is never lost to a race.
	 * @param connection the dead worker's connection
	 * @param inbox where messages go
	 */
	public void drain(Connection connection, Inbox inbox) {
		try {
			SocketChannel channel = connection.channel();
			if (!channel.isOpen()) {
				return;
			}
			for (int i = 0; i < 10_000; i++) {
				List<String> lines = connection.read();
				if (lines == null) {
					break;
				}
				deliver(connection, lines, inbox);
				if (lines.isEmpty()) {
					break;
				}
			}
		}
		catch (IOException ex) {
			// the worker is dead; what it did not write is gone
		}
		connection.close();
	}

	private void accept(ServerSocketChannel server, boolean control) throws IOException {
		SocketChannel channel = server.accept();
		if (channel == null) {
			return;
		}
		channel.configureBlocking(false);
		long open = this.selector.keys()
			.stream()
			.filter((key) -> key.attachment() instanceof Connection c && key.isValid() && unidentified(c))
			.count();
		if (open >= UNIDENTIFIED_LIMIT) {
			long now = System.nanoTime();
			if (this.refusedWarnedAt == 0 || now - this.refusedWarnedAt > this.idleLimitNanos) {
				this.refusedWarnedAt = now;
				logger.warn("Closed a new {} connection: {} connections have not said who they are yet",
						control ? "control" : "channel", open);
			}
			channel.close();
			return;
		}
		Connection connection = new Connection(channel, control);
		if (control && !sameUser(channel)) {
			// answered once its request is read: closing with the request unread would reset the connection
			connection.refuse("refused: the control socket answers only the user that runs the master ("
					+ this.owner.getName() + ")");
		}
		try {
			connection.key(channel.register(this.selector, SelectionKey.OP_READ, connection));
		}
		catch (ClosedChannelException ex) {
			connection.close();
		}
	}

	private boolean sameUser(SocketChannel channel) {
		try {
			UnixDomainPrincipal peer = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
			return peer.user().equals(this.owner);
		}
		catch (IOException | UnsupportedOperationException ex) {
			return false;
		}
	}

	private void read(Connection connection, Inbox inbox) {
		List<String> lines;
		try {
			lines = connection.read();
		}
		catch (LineReader.LineTooLongException ex) {
			logger.warn("Closed the {} of {}: it sent {}", connection.control() ? "control connection" : "channel",
					(connection.owner() != null) ? connection.owner() : "an unidentified peer", ex.getMessage());
			lines = null;
		}
		catch (IOException ex) {
			lines = null;
		}
		if (lines == null) {
			connection.close();
			inbox.closed(connection);
			return;
		}
		deliver(connection, lines, inbox);
	}

	private static void deliver(Connection connection, List<String> lines, Inbox inbox) {
		for (String line : lines) {
			if (connection.control() && connection.refusal() != null) {
				connection.answer(Json.write(Map.of("ok", false, "error", connection.refusal())));
				return;
			}
			if (connection.control()) {
				inbox.control(connection, line);
				continue;
			}
			try {
				inbox.received(connection, Message.decode(line));
			}
			catch (IllegalArgumentException ex) {
				// an unknown word from a newer or older peer: skip the line, keep the channel
			}
		}
	}

	@Override
	public void close() throws IOException {
		for (SelectionKey key : this.selector.keys()) {
			key.channel().close();
		}
		this.selector.close();
		Files.deleteIfExists(this.path);
		Files.deleteIfExists(this.controlPath);
	}

	/**
	 * What the master's loop does with what workers say.
	 */
	public interface Inbox {

		void received(Connection connection, Message message);

		/** A control client's request; answer it with {@link Connection#answer}. */
		void control(Connection connection, String line);

		void closed(Connection connection);

	}

}
