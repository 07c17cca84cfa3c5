package dev.prefork.core.channel;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits the bytes read from a non-blocking channel into lines.
 */
final class LineReader {

	private static final int MAX_LINE = 4 * 1024 * 1024;

	private final java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();

	List<String> feed(ByteBuffer buffer) {
		List<String> lines = new ArrayList<>();
		while (buffer.hasRemaining()) {
			byte b = buffer.get();
			if (b != '\n') {
				if (this.pending.size() < MAX_LINE) {
					this.pending.write(b);
				}
				continue;
			}
			lines.add(this.pending.toString(StandardCharsets.UTF_8));
			this.pending.reset();
		}
		return lines;
	}

}
