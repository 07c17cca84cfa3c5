package dev.prefork.autoconfigure.worker;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Locale;

import dev.prefork.core.worker.SlowStartRamp;

import org.apache.catalina.Lifecycle;
import org.apache.catalina.LifecycleEvent;
import org.apache.catalina.LifecycleListener;
import org.apache.catalina.connector.Connector;
import org.apache.coyote.AbstractProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's slow start ({@code prefork.slow-start}) on its Tomcat connector: every quarter of a
 * second it reads how long the JIT compiled and how many connections the worker holds, lets
 * {@link SlowStartRamp} decide, and sets the connector's {@code maxConnections} to the ramp's limit, so
 * that beside warm workers a cold JVM holds few connections of the shared socket while it compiles the
 * request path. Once warm it restores the connector's own limit and tells the master, which only then
 * stops the worker it replaces or boots the next one.
 */
final class SlowStart implements LifecycleListener {

	/** How often the JIT's activity is read and the limit raised. */
	static final Duration TICK = Duration.ofMillis(250);

	/**
	 * Compile time per tick, as a share of the tick, above which the JIT counts as busy: a tenth of
	 * one core. HotSpot counts a compilation's wall time, so on busy cores this errs towards busy.
	 */
	private static final double BUSY_SHARE = 0.10;

	private static final Logger logger = LoggerFactory.getLogger(SlowStart.class);

	private final WorkerAgent agent;

	private final Duration longest;

	private final boolean limited;

	private final CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();

	private volatile AbstractProtocol<?> protocol;

	private volatile int fullLimit;

	/**
	 * A slow start.
	 * @param agent the worker's link to its master, told when the worker is warm
	 * @param longest {@code prefork.slow-start}
	 * @param limited whether warm workers serve beside this one (the master says so at spawn), so that
	 * it limits its connections
	 */
	SlowStart(WorkerAgent agent, Duration longest, boolean limited) {
		this.agent = agent;
		this.longest = longest;
		this.limited = limited;
	}

	/** Whether a worker starts slowly: it is not turned off, and the JVM measures its JIT's work. */
	static boolean applies(Duration longest) {
		CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
		return longest != null && !longest.isZero() && compiler != null && compiler.isCompilationTimeMonitoringSupported();
	}

	/**
	 * Watches the connector: beside warm workers it accepts one connection at first, once every
	 * customizer has set its limit.
	 */
	void attach(Connector connector) {
		if (connector.getProtocolHandler() instanceof AbstractProtocol<?> handler) {
			this.protocol = handler;
			this.agent.slowStarting();
			connector.addLifecycleListener(this);
		}
	}

	@Override
	public void lifecycleEvent(LifecycleEvent event) {
		AbstractProtocol<?> handler = this.protocol;
		if (Lifecycle.BEFORE_START_EVENT.equals(event.getType())) {
			this.fullLimit = handler.getMaxConnections();
			if (this.limited) {
				handler.setMaxConnections(1);
			}
		}
		else if (Lifecycle.AFTER_START_EVENT.equals(event.getType())) {
			Thread ramp = new Thread(this::ramp, "prefork-slow-start");
			ramp.setDaemon(true);
			ramp.start();
		}
	}

	private void ramp() {
		AbstractProtocol<?> handler = this.protocol;
		long started = System.nanoTime();
		long deadline = started + this.longest.toNanos();
		long compiledBefore = this.compiler.getTotalCompilationTime();
		long compiled = compiledBefore;
		SlowStartRamp ramp = new SlowStartRamp(this.limited, this.fullLimit);
		int highest = ramp.limit();
		try {
			while (ramp.warmBecause() == null) {
				Thread.sleep(TICK.toMillis());
				long now = this.compiler.getTotalCompilationTime();
				boolean busy = now - compiled > TICK.toMillis() * BUSY_SHARE;
				compiled = now;
				if (ramp.tick(busy, handler.getConnectionCount(), System.nanoTime() - deadline > 0)) {
					handler.setMaxConnections(ramp.limit());
					highest = (ramp.warmBecause() == null) ? ramp.limit() : highest;
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		handler.setMaxConnections(this.fullLimit);
		logger.info("Slow start over after {} s ({}): {}, {} ms of JIT compilation",
				String.format(Locale.ROOT, "%.1f", (System.nanoTime() - started) / 1e9),
				(ramp.warmBecause() != null) ? ramp.warmBecause() : "interrupted",
				this.limited ? "up to " + highest + " connection(s) at once"
						: "no connection limit (no warm worker beside it)",
				compiled - compiledBefore);
		this.agent.warm();
	}

}
