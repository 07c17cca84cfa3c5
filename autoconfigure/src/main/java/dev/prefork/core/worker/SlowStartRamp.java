package dev.prefork.core.worker;

/**
 * The decisions of a worker's slow start, one tick at a time, without the clock or Tomcat: how many
 * connections the worker may hold, and when it is warm. Beside warm workers the limit starts at one
 * and doubles after {@value #QUIET_TICKS} ticks in a row without JIT work while the worker holds as many
 * connections as it may; alone, the worker holds every connection and is warm once its JIT has been
 * quiet for {@value #QUIET_TICKS_ALONE} ticks. A limit that also doubled at least every 2 s while the JIT
 * worked let a cold worker hold more connections sooner and cost more capacity in a reload under load
 * (the lowest 2 s window 0.45x of the warm rate, against 0.63x), so the JIT alone decides.
 */
public final class SlowStartRamp {

	/** Quiet ticks in a row (below the limit) after which a worker beside warm ones is warm. */
	public static final int QUIET_TICKS = 3;

	/**
	 * Quiet ticks in a row after which a worker alone is warm (2 s): the next worker boots then, and
	 * takes cores from this one's JIT if it still compiles. With three ticks, a first worker under load
	 * was called warm after 10 s in one run, with half of its compilation still to come.
	 */
	public static final int QUIET_TICKS_ALONE = 8;

	private final boolean limited;

	private final int fullLimit;

	private int limit;

	private int quiet;


	private String warmBecause;

	/**
	 * A ramp.
	 * @param limited whether warm workers serve beside this one, so that it limits its connections
	 * @param fullLimit the connector's own limit, or -1 for none
	 */
	public SlowStartRamp(boolean limited, int fullLimit) {
		this.limited = limited;
		this.fullLimit = fullLimit;
		this.limit = limited ? 1 : fullLimit;
	}

	/** How many connections the worker may hold now; the connector's own limit once it is warm. */
	public int limit() {
		return this.limit;
	}

	/** Why the worker is warm, or null while it starts slowly. */
	public String warmBecause() {
		return this.warmBecause;
	}

	/**
	 * One tick has passed.
	 * @param busy whether the JIT worked more than its share of the tick
	 * @param connections how many connections the worker holds
	 * @param pastLongest whether the longest slow start has passed
	 * @return whether the limit changed (or the worker became warm)
	 */
	public boolean tick(boolean busy, long connections, boolean pastLongest) {
		if (this.warmBecause != null) {
			return false;
		}
		this.quiet = busy ? 0 : this.quiet + 1;
		if (pastLongest) {
			return warm("prefork.slow-start passed" + (busy ? " with the JIT still compiling" : ""));
		}
		if (!this.limited) {
			return (this.quiet >= QUIET_TICKS_ALONE) && warm("the JIT is quiet");
		}
		boolean held = connections >= this.limit;
		if (!held) {
			return (this.quiet >= QUIET_TICKS) && warm("the JIT is quiet and it holds fewer connections than it may");
		}
		if (this.quiet < QUIET_TICKS) {
			return false;
		}
		if (this.fullLimit > 0 && this.limit * 2L >= this.fullLimit) {
			return warm("it reached server.tomcat.max-connections");
		}
		this.limit *= 2;
		this.quiet = 0;
		return true;
	}

	private boolean warm(String because) {
		this.warmBecause = because;
		this.limit = this.fullLimit;
		return true;
	}

}
