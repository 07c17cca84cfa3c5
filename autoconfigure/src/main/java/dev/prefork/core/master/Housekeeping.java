package dev.prefork.core.master;

import java.util.concurrent.TimeUnit;

import dev.prefork.core.arbiter.Arbiter;
import dev.prefork.core.spawn.ClassCache;

/**
 * The master's background work, done when the server is settled so that it never competes with
 * booting workers: training the class cache, and giving the master's start-up memory back.
 */
final class Housekeeping {

	private static final long TRIM_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(15);

	private final ClassCache classCache;

	private volatile boolean training;

	private volatile boolean trainingFinished;

	private int compactedGeneration;

	private long nextTrimAt = System.nanoTime() + TRIM_INTERVAL_NANOS;

	Housekeeping(ClassCache classCache) {
		this.classCache = classCache;
	}

	/**
	 * Does what is due, from the master's loop.
	 * @param arbiter the arbiter, which says whether the server is settled
	 * @param now the clock
	 */
	void tick(Arbiter arbiter, long now) {
		trainClassCacheWhenServing(arbiter);
		keepFootprintSmall(arbiter, now);
	}

	/** Stops a training run under way: no JVM the master started outlives it. */
	void stop() {
		this.classCache.stopTraining();
	}

	/**
	 * Trains the class cache in the background once every worker serves, so that the training run
	 * never slows the first workers' boot; workers spawned later (recycling, crashes, scaling, reloads)
	 * map the archive.
	 */
	private void trainClassCacheWhenServing(Arbiter arbiter) {
		// not while a reload is prepared either: the class cache is changing then
		if (this.training || !this.classCache.needsTraining() || !arbiter.settled()) {
			return;
		}
		this.training = true;
		Thread thread = new Thread(() -> {
			try {
				this.classCache.train();
			}
			finally {
				this.trainingFinished = true;
				this.training = false;
			}
		}, "prefork-class-cache");
		thread.setDaemon(true);
		thread.start();
	}

	/**
	 * Gives the master's start-up memory back once each generation serves and any class cache
	 * training is over: starting the application's Environment, the workers and the training run
	 * leaves heap and native memory the master never needs again (about 60 MB on a small
	 * application). In between, trims the native heap every 15 seconds.
	 */
	private void keepFootprintSmall(Arbiter arbiter, long now) {
		if (arbiter.settled() && !this.training
				&& (this.compactedGeneration != arbiter.generation() || this.trainingFinished)) {
			this.compactedGeneration = arbiter.generation();
			this.trainingFinished = false;
			MasterFootprint.shrink();
			this.nextTrimAt = now + TRIM_INTERVAL_NANOS;
		}
		else if (now - this.nextTrimAt >= 0) {
			MasterFootprint.trimNativeHeap();
			this.nextTrimAt = now + TRIM_INTERVAL_NANOS;
		}
	}

}
