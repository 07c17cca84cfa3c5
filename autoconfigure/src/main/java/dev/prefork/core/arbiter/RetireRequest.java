package dev.prefork.core.arbiter;

import dev.prefork.core.channel.Fields;

/**
 * A worker's request to be replaced, as the payload of a {@code RETIRE} message: the reason's tag and
 * the detail in words.
 *
 * @param reason why, for the meters
 * @param detail why, for the log
 */
public record RetireRequest(RestartReason reason, String detail) {

	/** The payload: the reason's tag and the detail, as {@link Fields}. */
	public String encode() {
		return Fields.of().with("reason", this.reason.tag()).with("detail", this.detail).encode();
	}

	/**
	 * Reads a payload; one without a known reason is a stuck request, the reason a worker asks for
	 * most urgently.
	 * @param payload what {@link #encode} wrote
	 * @return the request
	 */
	public static RetireRequest decode(String payload) {
		Fields fields;
		try {
			fields = Fields.decode(payload);
		}
		catch (IllegalArgumentException ex) {
			return new RetireRequest(RestartReason.STUCK_REQUEST, payload);
		}
		RestartReason reason = RestartReason.ofTag(fields.text("reason", ""));
		return new RetireRequest((reason != null) ? reason : RestartReason.STUCK_REQUEST, fields.text("detail", payload));
	}

}
