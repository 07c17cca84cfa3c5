package dev.prefork.core.channel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The master's end of one worker's channel. Until the worker says HELLO it belongs to nobody;
 * afterwards {@link #owner()} is the worker's handle.
 */
public final class Connection {

	private final SocketChannel channel;

	private final LineReader reader = new LineReader();

	private final ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);

	private final boolean control;

	private String refusal;

	private Object owner;

	Connection(SocketChannel channel, boolean control) {
		this.channel = channel;
		this.control = control;
	}

	/** Why this control client is refused, or null. */
	String refusal() {
		return this.refusal;
	}

	void refuse(String why) {
		this.refusal = why;
	}

	/** Whether this is a control socket client rather than a worker. */
	public boolean control() {
		return this.control;
	}

	/** Who is on the line, once the HELLO was accepted, else null. */
	public Object owner() {
		return this.owner;
	}

	public void owner(Object owner) {
		this.owner = owner;
	}

	/**
	 * Sends a message; a worker that cannot take it is going away anyway.
	 * @param message the message
	 * @return whether it was written
	 */
	public boolean send(Message message) {
		return write(message.encode());
	}

	/**
	 * Answers a control client with one line and closes the connection.
	 * @param line the answer, without its newline
	 */
	public void answer(String line) {
		write(line + "\n");
		close();
	}

	private boolean write(String text) {
		ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
		try {
			for (int spins = 0; bytes.hasRemaining() && spins < 1000; spins++) {
				this.channel.write(bytes);
			}
			return !bytes.hasRemaining();
		}
		catch (IOException ex) {
			return false;
		}
	}

	/** Reads what is available, as lines; returns null at end of file. */
	List<String> read() throws IOException {
		this.buffer.clear();
		int n = this.channel.read(this.buffer);
		if (n < 0) {
			return null;
		}
		this.buffer.flip();
		return this.reader.feed(this.buffer);
	}

	SocketChannel channel() {
		return this.channel;
	}

	public void close() {
		try {
			this.channel.close();
		}
		catch (IOException ex) {
			// closing a dead worker's socket: nothing to do
		}
	}

}
