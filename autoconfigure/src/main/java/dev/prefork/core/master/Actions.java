package dev.prefork.core.master;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.prefork.core.arbiter.Arbiter;
import dev.prefork.core.arbiter.WorkerHandle;
import dev.prefork.core.control.ControlCommand;
import dev.prefork.core.signal.SignalQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What signals and control commands make the master do: the one place every action is taken, with
 * the rules that refuse one (one change at a time, the most workers memory and configuration
 * allow). A signal is the control command it stands for.
 */
final class Actions {

	private static final Logger logger = LoggerFactory.getLogger(Actions.class);

	/** Each signal the master handles, as the control command it stands for. */
	static final Map<String, String> SIGNAL_COMMANDS = Map.of("TERM", "stop", "INT", "quit", "HUP", "reload", "USR1",
			"reopen-logs", "USR2", "upgrade", "WINCH", "winch", "TTIN", "ttin", "TTOU", "ttou");

	private static final long USR2_WARNING_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(15);

	private final Arbiter arbiter;

	private final ReloadPreparation reloads;

	private final Upgrade upgrade;

	private final Listeners listeners;

	private final Runnable reopenLogs;

	private long usr2WarnedAt;

	/**
	 * @param arbiter the arbiter, which decides about workers
	 * @param reloads a reload's preparation
	 * @param upgrade the in-place upgrade
	 * @param listeners the master's hooks
	 * @param reopenLogs how the master and its workers reopen their log files (USR1)
	 */
	Actions(Arbiter arbiter, ReloadPreparation reloads, Upgrade upgrade, Listeners listeners, Runnable reopenLogs) {
		this.arbiter = arbiter;
		this.reloads = reloads;
		this.upgrade = upgrade;
		this.listeners = listeners;
		this.reopenLogs = reopenLogs;
	}

	/**
	 * Acts on a signal. A USR2 that HotSpot still uses for itself is ignored with a warning (at most
	 * every 15 s: Java Flight Recorder's sampler sends it too).
	 * @param signal the signal's name without SIG
	 */
	void signal(String signal) {
		if (signal.equals("USR2") && !SignalQueue.usr2Free()) {
			long now = System.nanoTime();
			if (this.usr2WarnedAt == 0 || now - this.usr2WarnedAt > USR2_WARNING_INTERVAL_NANOS) {
				this.usr2WarnedAt = now;
				logger.warn("Ignoring SIGUSR2: this master's JVM uses it for itself (start the master with {}={}, or "
						+ "keep prefork.master-jvm=small, for upgrades by signal); --prefork.ctl=upgrade upgrades it now",
						SignalQueue.SR_SIGNUM_ENV, SignalQueue.SR_SIGNUM);
			}
			return;
		}
		String command = SIGNAL_COMMANDS.get(signal);
		if (command != null) {
			perform(new ControlCommand(command, 0), "SIG" + signal);
		}
	}

	/**
	 * Does what a signal or a control command asks.
	 * @param command the command
	 * @param reason why, for the log
	 * @return why it was refused, or null when it was taken
	 */
	String perform(ControlCommand command, String reason) {
		long now = System.nanoTime();
		switch (command.name()) {
			case "stop" -> this.arbiter.stopGracefully(reason, now);
			case "quit" -> this.arbiter.stopQuickly(reason, now);
			case "reload" -> {
				if (this.arbiter.idle()) {
					this.arbiter.resume(reason, now);
				}
				else {
					return startReload(reason);
				}
			}
			case "upgrade" -> {
				String busy = busy(reason);
				if (busy != null) {
					return busy;
				}
				this.upgrade.start(reason);
			}
			case "reopen-logs" -> this.reopenLogs.run();
			case "winch" -> this.arbiter.idle(reason, now);
			case "ttin", "scale" -> {
				return scale(command.name().equals("ttin") ? this.arbiter.target() + 1 : command.workers(),
						command.name().equals("ttin"), reason, now);
			}
			case "ttou" -> {
				String busy = busy(reason);
				if (busy != null) {
					return busy;
				}
				this.arbiter.decrement(reason, now);
			}
			default -> {
				// status changes nothing
			}
		}
		return null;
	}

	private String scale(int wanted, boolean oneMore, String reason, long now) {
		String busy = busy(reason);
		if (busy != null) {
			return busy;
		}
		String refusal = WorkerCapacity.refusal(wanted, this.arbiter.target(),
				this.arbiter.workers().stream().map(WorkerHandle::pid).toList());
		if (refusal != null) {
			logger.warn("Not scaling to {} workers ({}): {}", wanted, reason, refusal);
			return refusal;
		}
		if (oneMore) {
			this.arbiter.increment(reason, now);
		}
		else {
			this.arbiter.scale(wanted, reason, now);
		}
		return null;
	}

	/**
	 * Starts a reload: refreshes the class cache off the loop (a new jar is extracted before anything
	 * runs it), then the loop starts the new generation. Its workers read the configuration and code
	 * now on disk and report what they bound; an invalid configuration fails their boot, which rolls
	 * the reload back.
	 */
	private String startReload(String reason) {
		if (!this.arbiter.prepareReload(reason)) {
			return this.arbiter.busy();
		}
		logger.info("Reloading ({}): starting a new generation with the configuration and code now on disk", reason);
		this.listeners.call("reloading", MasterHooks::reloading);
		this.reloads.start(reason);
		return null;
	}

	/** Why the server takes no change now (one change at a time), logged, or null. */
	private String busy(String reason) {
		return this.arbiter.acceptsChange(reason) ? null : this.arbiter.busy();
	}

}
