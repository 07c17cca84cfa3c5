package dev.prefork.core.channel;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits the bytes read from a non-blocking channel into lines, none longer than a limit: a longer
 * one is an error of the peer, never cut and read as if it were whole.
 */
final class LineReader {

	/** The longest line: a boot failure's stack trace or a meters report fits many times over. */
	static final int MAX_LINE = 4 * 1024 * 1024;

	private final java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();

	/**
	 * Reads the lines completed by these bytes.
	 * @param buffer the bytes
	 * @return the lines, without their line ends
	 * @throws LineTooLongException if a line passes {@link #MAX_LINE} bytes
	 */
	List<String> feed(ByteBuffer buffer) throws LineTooLongException {
		List<String> lines = new ArrayList<>();
		while (buffer.hasRemaining()) {
			byte b = buffer.get();
			if (b != '\n') {
				if (this.pending.size() >= MAX_LINE) {
					throw new LineTooLongException();
				}
				this.pending.write(b);
				continue;
			}
			lines.add(this.pending.toString(StandardCharsets.UTF_8));
			this.pending.reset();
		}
		return lines;
	}

	/** A peer sent a line longer than {@link #MAX_LINE}. */
	static final class LineTooLongException extends java.io.IOException {

		private static final long serialVersionUID = 1L;

		LineTooLongException() {
			super("a line longer than " + MAX_LINE + " bytes");
		}

	}

}
