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
import java.util.Iterator;
import java.util.List;

/**
 * The master's Unix-domain socket that workers connect to, and the one selector the master's loop
 * waits on. The socket lives in the private runtime folder, so only the master's user can connect.
 */
public final class ChannelServer implements Closeable {

	private final Path path;

	private final Selector selector;

	private final ServerSocketChannel server;

	private ChannelServer(Path path, Selector selector, ServerSocketChannel server) {
		this.path = path;
		this.selector = selector;
		this.server = server;
	}

	/**
	 * Binds the socket at a path, replacing a stale socket file left there.
	 * @param path the socket's path
	 * @return the server
	 * @throws IOException if the socket cannot be bound
	 */
	public static ChannelServer open(Path path) throws IOException {
		Files.deleteIfExists(path);
		ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
		server.bind(UnixDomainSocketAddress.of(path));
		server.configureBlocking(false);
		Selector selector = Selector.open();
		server.register(selector, SelectionKey.OP_ACCEPT);
		return new ChannelServer(path, selector, server);
	}

	public Path path() {
		return this.path;
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
				accept();
			}
			else if (key.isReadable()) {
				read((Connection) key.attachment(), inbox);
			}
		}
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
				List<Message> messages = connection.read();
				if (messages == null) {
					break;
				}
				messages.forEach((m) -> inbox.received(connection, m));
				if (messages.isEmpty()) {
					break;
				}
			}
		}
		catch (IOException ex) {
			// the worker is dead; what it did not write is gone
		}
		connection.close();
	}

	private void accept() throws IOException {
		SocketChannel channel = this.server.accept();
		if (channel == null) {
			return;
		}
		channel.configureBlocking(false);
		Connection connection = new Connection(channel);
		try {
			channel.register(this.selector, SelectionKey.OP_READ, connection);
		}
		catch (ClosedChannelException ex) {
			connection.close();
		}
	}

	private void read(Connection connection, Inbox inbox) {
		List<Message> messages;
		try {
			messages = connection.read();
		}
		catch (IOException ex) {
			messages = null;
		}
		if (messages == null) {
			connection.close();
			inbox.closed(connection);
			return;
		}
		messages.forEach((m) -> inbox.received(connection, m));
	}

	@Override
	public void close() throws IOException {
		for (SelectionKey key : this.selector.keys()) {
			key.channel().close();
		}
		this.selector.close();
		Files.deleteIfExists(this.path);
	}

	/**
	 * What the master's loop does with what workers say.
	 */
	public interface Inbox {

		void received(Connection connection, Message message);

		void closed(Connection connection);

	}

}
