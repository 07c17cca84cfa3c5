package dev.prefork.core.arbiter;

import java.util.Locale;

/**
 * Why a worker was replaced or stopped, as the {@code prefork.worker.restarts} meter tags it and as a
 * worker names it when it asks to be replaced.
 */
public enum RestartReason {

	/** The worker died while serving. */
	CRASH,

	/** The worker ran out of heap and exited. */
	OUT_OF_MEMORY,

	/** The worker died before it was ready. */
	BOOT_FAILURE,

	/** The worker stopped answering its channel within {@code prefork.timeout}. */
	TIMEOUT,

	/** The worker served {@code prefork.max-requests}. */
	MAX_REQUESTS,

	/** A request ran past {@code prefork.timeout}. */
	STUCK_REQUEST,

	/** The worker's memory passed {@code prefork.max-worker-memory}. */
	MEMORY,

	/** A reload replaced the worker's generation. */
	RELOAD,

	/** The worker count was lowered. */
	SCALE,

	/** WINCH stopped every worker. */
	WINCH;

	/** The tag, such as {@code max-requests}. */
	public String tag() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	/**
	 * The reason a tag names.
	 * @param tag such as {@code max-requests}
	 * @return the reason, or null for a tag of no reason
	 */
	public static RestartReason ofTag(String tag) {
		for (RestartReason reason : values()) {
			if (reason.tag().equals(tag)) {
				return reason;
			}
		}
		return null;
	}

}
