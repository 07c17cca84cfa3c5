package dev.prefork.core.channel;

/**
 * A worker's {@code HEARTBEAT}: it is alive, and has served this many requests.
 *
 * @param requests requests served since it started
 */
public record Heartbeat(long requests) {

	public Message toMessage() {
		return new Message(MessageType.HEARTBEAT, Fields.of().with("requests", this.requests).encode());
	}

	/**
	 * Reads a {@code HEARTBEAT} payload.
	 * @throws IllegalArgumentException if it carries no count of requests
	 */
	public static Heartbeat decode(String payload) {
		long requests = Fields.decode(payload).number("requests");
		if (requests < 0) {
			throw new IllegalArgumentException("a negative count of requests: " + requests);
		}
		return new Heartbeat(requests);
	}

}
