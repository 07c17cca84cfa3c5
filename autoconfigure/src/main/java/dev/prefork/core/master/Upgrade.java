package dev.prefork.core.master;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

import dev.prefork.core.arbiter.Arbiter;
import dev.prefork.core.arbiter.ExitStatus;
import dev.prefork.core.channel.MasterSockets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-place upgrade (USR2), as Gunicorn and Unicorn do it: a new master started with this
 * master's command line and socket boots its own workers while this one keeps serving, until WINCH
 * stops this master's workers and TERM stops this master. The pidfile moves to
 * {@code <pidfile>.oldbin} meanwhile, and back if the new master exits; so does a runtime folder the
 * operator chose ({@code prefork.runtime-dir}), so that the new master creates its own there and the
 * CLI finds the new master where it found the old one.
 */
final class Upgrade {

	private static final Logger logger = LoggerFactory.getLogger(Upgrade.class);

	/**
	 * Set in the environment of a new master started by USR2: the old master's pid. The new master
	 * takes over the socket on its standard input instead of binding.
	 */
	static final String UPGRADE_ENV = "PREFORKD_UPGRADE_FROM";

	private final List<String> command;

	private final Path pidfilePath;

	private final Listeners listeners;

	private final EventQueue events;

	private PidFile pidfile;

	private RuntimeDirectory runtime;

	private MasterSockets channels;

	private Path runtimePath;

	private volatile Process successor;

	/**
	 * @param command the master's command line, which the new master runs
	 * @param pidfilePath where the pidfile is, or null without one
	 * @param listeners the master's hooks
	 * @param events where the new master's exit is posted
	 */
	Upgrade(List<String> command, Path pidfilePath, Listeners listeners, EventQueue events) {
		this.command = List.copyOf(command);
		this.pidfilePath = pidfilePath;
		this.listeners = listeners;
		this.events = events;
	}

	/** The pidfile this master wrote, which an upgrade moves. */
	void pidfile(PidFile pidfile) {
		this.pidfile = pidfile;
	}

	/**
	 * The runtime folder the operator chose, which an upgrade moves aside with its sockets.
	 * @param runtime the folder
	 * @param channels the sockets in it
	 */
	void runtimeDirectory(RuntimeDirectory runtime, MasterSockets channels) {
		this.runtime = runtime;
		this.channels = channels;
		this.runtimePath = runtime.path();
	}

	/** Whether a new master runs: it serves on the socket, whose file must stay when this one exits. */
	boolean successorRuns() {
		Process next = this.successor;
		return next != null && next.isAlive();
	}

	/**
	 * Starts the new master.
	 * @param reason why, for the log
	 */
	void start(String reason) {
		Process current = this.successor;
		if (current != null && current.isAlive()) {
			logger.warn("Ignoring {}: new master {} is already running", reason, current.pid());
			return;
		}
		try {
			if (this.pidfile != null) {
				this.pidfile.moveTo(Path.of(this.pidfilePath + ".oldbin"));
			}
			if (this.runtime != null) {
				moveRuntimeDirectoryAside();
			}
			ProcessBuilder builder = new ProcessBuilder(this.command).inheritIO();
			builder.environment().put(UPGRADE_ENV, Long.toString(ProcessHandle.current().pid()));
			Process started = builder.start();
			this.successor = started;
			this.listeners.call("upgrading", (hooks) -> hooks.upgrading(started.pid()));
			started.onExit().thenRun(() -> this.events.post(new MasterEvent.SuccessorExited(started)));
			logger.info("Upgrading ({}): started new master with pid {}; this master keeps serving until WINCH "
					+ "stops its workers and TERM stops it", reason, started.pid());
		}
		catch (IOException ex) {
			logger.error("Could not start a new master ({}): {}", reason, ex.getMessage());
			restorePidfile();
			restoreRuntimeDirectory();
		}
	}

	/**
	 * Acts on a new master that exited: this master serves on, with its pidfile back, and its workers
	 * back if WINCH had stopped them.
	 * @param gone the new master's process
	 * @param arbiter the arbiter
	 */
	void exited(Process gone, Arbiter arbiter) {
		logger.error("New master (pid {}) exited ({}); this master keeps serving", gone.pid(),
				ExitStatus.fromExitValue(gone.exitValue()));
		restorePidfile();
		restoreRuntimeDirectory();
		if (arbiter.idle()) {
			arbiter.resume("the new master is gone", System.nanoTime());
		}
	}

	private void moveRuntimeDirectoryAside() throws IOException {
		Path aside = Path.of(this.runtimePath + ".oldbin");
		try {
			this.runtime.moveTo(aside);
		}
		catch (IOException ex) {
			throw new IOException("cannot move the runtime folder " + this.runtimePath + " aside to " + aside + " ("
					+ ex.getClass().getSimpleName() + ": " + ex.getMessage() + "); an upgrade moves it next to itself, "
					+ "so prefork.runtime-dir must be a folder inside one this user can write, such as /run/app/master",
					ex);
		}
		this.channels.movedTo(this.runtime.path());
	}

	/** Moves the runtime folder back, over what a new master that died may have left there. */
	private void restoreRuntimeDirectory() {
		if (this.runtime == null || this.runtime.path().equals(this.runtimePath)) {
			return;
		}
		try {
			if (Files.exists(this.runtimePath, LinkOption.NOFOLLOW_LINKS)) {
				RuntimeDirectory.removeUnheld(this.runtimePath);
			}
			this.runtime.moveTo(this.runtimePath);
			this.channels.movedTo(this.runtimePath);
		}
		catch (IOException ex) {
			logger.warn("Could not move the runtime folder back to {}: {}; the control socket stays in {}",
					this.runtimePath, ex.getMessage(), this.runtime.path());
		}
	}

	private void restorePidfile() {
		if (this.pidfile == null) {
			return;
		}
		try {
			this.pidfile.moveTo(this.pidfilePath);
		}
		catch (IOException ex) {
			logger.warn("Could not move the pidfile back to {}: {}", this.pidfilePath, ex.getMessage());
		}
	}

}
