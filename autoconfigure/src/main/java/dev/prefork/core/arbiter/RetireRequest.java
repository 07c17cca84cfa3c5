package dev.prefork.core.arbiter;

/**
 * A worker's request to be replaced, as the payload of a {@code RETIRE} message: the reason's tag, a
 * space, then the detail in words.
 *
 * @param reason why, for the meters
 * @param detail why, for the log
 */
public record RetireRequest(RestartReason reason, String detail) {

	/** The payload. */
	public String encode() {
		return this.reason.tag() + " " + this.detail;
	}

	/**
	 * Reads a payload; one without a known tag is a stuck request, the reason a worker asks for most
	 * urgently.
	 * @param payload what {@link #encode} wrote
	 * @return the request
	 */
	public static RetireRequest decode(String payload) {
		int space = payload.indexOf(' ');
		RestartReason reason = (space > 0) ? RestartReason.ofTag(payload.substring(0, space)) : null;
		if (reason == null) {
			return new RetireRequest(RestartReason.STUCK_REQUEST, payload);
		}
		return new RetireRequest(reason, payload.substring(space + 1));
	}

}
