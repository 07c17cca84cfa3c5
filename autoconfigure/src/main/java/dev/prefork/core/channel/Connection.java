package dev.prefork.core.channel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
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

	private final long acceptedAt = System.nanoTime();

	private SelectionKey key;

	private ByteBuffer pending;

	private boolean closeWhenWritten;

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

	/** When the master accepted the connection, on its clock. */
	long acceptedAt() {
		return this.acceptedAt;
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
	 * Answers a control client with one line and closes the connection once the answer is written
	 * whole: what the socket does not take at once is written as the client reads it.
	 * @param line the answer, without its newline
	 */
	public void answer(String line) {
		if (write(line + "\n") && this.pending == null) {
			close();
		}
		else {
			this.closeWhenWritten = true;
		}
	}

	/** The selection key the master's selector has for this connection, for writes that must wait. */
	void key(SelectionKey key) {
		this.key = key;
	}

	/**
	 * Writes text, or queues what the socket does not take now; the selector then writes it when the
	 * peer reads ({@link #flush}).
	 * @return false if the connection is broken
	 */
	private boolean write(String text) {
		ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
		if (this.pending != null) {
			ByteBuffer joined = ByteBuffer.allocate(this.pending.remaining() + bytes.remaining());
			joined.put(this.pending).put(bytes).flip();
			this.pending = joined;
			return true;
		}
		try {
			this.channel.write(bytes);
		}
		catch (IOException ex) {
			return false;
		}
		if (bytes.hasRemaining()) {
			this.pending = bytes;
			if (this.key != null && this.key.isValid()) {
				this.key.interestOps(this.key.interestOps() | SelectionKey.OP_WRITE);
			}
		}
		return true;
	}

	/** Writes what waits to be written, now that the peer reads; closes an answered control client. */
	void flush() {
		try {
			if (this.pending != null) {
				this.channel.write(this.pending);
				if (this.pending.hasRemaining()) {
					return;
				}
				this.pending = null;
			}
			if (this.key != null && this.key.isValid()) {
				this.key.interestOps(this.key.interestOps() & ~SelectionKey.OP_WRITE);
			}
			if (this.closeWhenWritten) {
				close();
			}
		}
		catch (IOException ex) {
			close();
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
