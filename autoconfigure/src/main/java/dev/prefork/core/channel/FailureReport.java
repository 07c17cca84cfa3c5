package dev.prefork.core.channel;

/**
 * A worker's report of its failed start: the stack trace ({@code BOOT_FAILED}) or Spring Boot's
 * failure analysis of it ({@code FAILURE_ANALYSIS}), as the master logs it.
 *
 * @param type which of the two it is
 * @param text the trace or the analysis, lines and all
 */
public record FailureReport(MessageType type, String text) {

	public FailureReport {
		if (type != MessageType.BOOT_FAILED && type != MessageType.FAILURE_ANALYSIS) {
			throw new IllegalArgumentException("Not a failure report: " + type);
		}
	}

	public Message toMessage() {
		return new Message(this.type, Fields.of().with("text", this.text).encode());
	}

	/**
	 * Reads a report; a payload that is not fields is taken as the text itself, since it is all there is
	 * to show.
	 */
	public static FailureReport decode(Message message) {
		try {
			return new FailureReport(message.type(), Fields.decode(message.payload()).text("text"));
		}
		catch (IllegalArgumentException ex) {
			return new FailureReport(message.type(), message.payload());
		}
	}

}
