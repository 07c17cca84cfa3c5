package dev.prefork.core.channel;

/**
 * One line of the master-worker protocol: a type and a payload, which is {@link Fields} for every
 * type that carries one (the record of each type encodes and decodes it). Newlines and backslashes
 * in the payload are escaped besides, so that a line is always one line.
 *
 * @param type what the message says
 * @param payload its text, empty when it has none
 */
public record Message(MessageType type, String payload) {

	public Message {
		payload = (payload != null) ? payload : "";
	}

	public static Message of(MessageType type) {
		return new Message(type, "");
	}

	/** Encodes the message as one line, newline included. */
	public String encode() {
		StringBuilder line = new StringBuilder(this.type.name());
		if (!this.payload.isEmpty()) {
			line.append(' ');
			for (int i = 0; i < this.payload.length(); i++) {
				char c = this.payload.charAt(i);
				switch (c) {
					case '\\' -> line.append("\\\\");
					case '\n' -> line.append("\\n");
					case '\r' -> line.append("\\r");
					default -> line.append(c);
				}
			}
		}
		return line.append('\n').toString();
	}

	/**
	 * Decodes one line, without its newline.
	 * @param line the line
	 * @return the message
	 * @throws IllegalArgumentException if the line does not start with a known type
	 */
	public static Message decode(String line) {
		int space = line.indexOf(' ');
		MessageType type = MessageType.valueOf((space < 0) ? line : line.substring(0, space));
		if (space < 0) {
			return of(type);
		}
		StringBuilder payload = new StringBuilder();
		for (int i = space + 1; i < line.length(); i++) {
			char c = line.charAt(i);
			if (c == '\\' && i + 1 < line.length()) {
				char next = line.charAt(++i);
				payload.append((next == 'n') ? '\n' : (next == 'r') ? '\r' : next);
			}
			else {
				payload.append(c);
			}
		}
		return new Message(type, payload.toString());
	}

}
