package dev.prefork.core.channel;

/**
 * A worker's first message on the channel ({@code HELLO}): which worker it is, proved by the
 * single-use token its master gave it, and which protocol it speaks.
 *
 * @param slot the worker's slot
 * @param token the secret from its environment
 * @param pid its process id
 * @param protocol the version of this protocol it speaks
 */
public record Hello(int slot, String token, long pid, int protocol) {

	/**
	 * The version of the channel's protocol this code speaks. A worker of another version (a reload
	 * onto a jar whose protocol changed) is refused, and the reload rolls back.
	 */
	public static final int PROTOCOL = 2;

	/** This worker's hello, in this code's protocol. */
	public static Hello of(int slot, String token, long pid) {
		return new Hello(slot, token, pid, PROTOCOL);
	}

	public Message toMessage() {
		return new Message(MessageType.HELLO, Fields.of()
			.with("protocol", this.protocol)
			.with("slot", this.slot)
			.with("token", this.token)
			.with("pid", this.pid)
			.encode());
	}

	/**
	 * Reads a {@code HELLO} payload.
	 * @throws IllegalArgumentException if it is not one of this protocol's, saying why
	 */
	public static Hello decode(String payload) {
		Fields fields = Fields.decode(payload);
		String protocol = fields.text("protocol", "1");
		if (!protocol.equals(Integer.toString(PROTOCOL))) {
			throw new IllegalArgumentException("it speaks the channel's protocol " + protocol + " and this master "
					+ PROTOCOL + ": a reload cannot change the protocol, upgrade the master (USR2) or restart it");
		}
		return new Hello(Math.toIntExact(fields.number("slot")), fields.text("token"), fields.number("pid"), PROTOCOL);
	}

}
