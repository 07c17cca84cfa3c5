package dev.prefork.core.arbiter;

/**
 * Where the server is in its life, as the arbiter sees it: one phase at a time, and the one thing
 * that says whether the server takes a change (scaling, a reload, an upgrade) now.
 */
public enum ArbiterPhase {

	/** The first workers boot; no change is taken until one is ready. */
	STARTING("the first workers are still booting"),

	/** Workers serve; every change is taken. */
	RUNNING(null),

	/** A reload was asked for and the master prepares it (the class cache looks at the jar again). */
	PREPARING_RELOAD("a reload is under way"),

	/** A new generation boots beside the old one, which serves until the new one is warm. */
	RELOADING("a reload is under way"),

	/** The workers were stopped on purpose (WINCH) and their slots stay empty until HUP. */
	IDLE("the workers were stopped with WINCH; HUP brings them back"),

	/** Workers finish their in-flight requests, then the master exits. */
	STOPPING_GRACEFULLY("the master is shutting down"),

	/** Workers exit now, then the master exits. */
	STOPPING_QUICKLY("the master is shutting down");

	private final String busy;

	ArbiterPhase(String busy) {
		this.busy = busy;
	}

	/** Whether the master is on its way out: no respawns, no changes. */
	public boolean stopping() {
		return this == STOPPING_GRACEFULLY || this == STOPPING_QUICKLY;
	}

	/** Whether a reload is being prepared or under way. */
	public boolean reloading() {
		return this == PREPARING_RELOAD || this == RELOADING;
	}

	/**
	 * Why the server takes no change in this phase, or null when it does.
	 * @return such as {@code the first workers are still booting}
	 */
	public String busy() {
		return this.busy;
	}

}
