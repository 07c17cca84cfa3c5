package dev.prefork.core.arbiter;

import java.io.IOException;

/**
 * A worker was not started because the master is being halted (a listener of the spawning hook
 * asked for it): not a failure to boot, so the arbiter counts nothing and keeps the slot for later.
 */
public final class SpawnDeclinedException extends IOException {

	private static final long serialVersionUID = 1L;

	/**
	 * @param reason why, for the log
	 */
	public SpawnDeclinedException(String reason) {
		super(reason);
	}

}
