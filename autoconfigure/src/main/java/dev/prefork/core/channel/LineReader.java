package dev.prefork.core.channel;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits the bytes read from a non-blocking channel into protocol messages.
 */
final class LineReader {

	private static final int MAX_LINE = 4 * 1024 * 1024;

	private final java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();

	List<Message> feed(ByteBuffer buffer) {
		List<Message> messages = new ArrayList<>();
		while (buffer.hasRemaining()) {
			byte b = buffer.get();
			if (b != '\n') {
				if (this.pending.size() < MAX_LINE) {
					this.pending.write(b);
				}
				continue;
			}
			String line = this.pending.toString(StandardCharsets.UTF_8);
			this.pending.reset();
			try {
				messages.add(Message.decode(line));
			}
			catch (IllegalArgumentException ex) {
				// an unknown word from a newer or older peer: skip the line, keep the channel
			}
		}
		return messages;
	}

}
