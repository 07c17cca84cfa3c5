package dev.prefork.core.master;

import java.util.function.Consumer;

import dev.prefork.core.arbiter.Arbiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls the master's hooks (Gunicorn's server hooks, Spring events in the glue): a listener's
 * {@link MasterHooks.HaltRequest} stops the server with the listener's exit code; anything else a
 * listener throws is logged and changes nothing.
 */
final class Listeners {

	private static final Logger logger = LoggerFactory.getLogger(Listeners.class);

	private final MasterHooks hooks;

	private Arbiter arbiter;

	Listeners(MasterHooks hooks) {
		this.hooks = hooks;
	}

	/** The arbiter a halt request stops. */
	void haltThrough(Arbiter arbiter) {
		this.arbiter = arbiter;
	}

	/**
	 * Calls one hook.
	 * @param name the hook's name, for the log
	 * @param call what to call
	 */
	void call(String name, Consumer<MasterHooks> call) {
		try {
			call.accept(this.hooks);
		}
		catch (MasterHooks.HaltRequest halt) {
			logger.warn("Halting: {} (asked by a listener of the {} hook); exit code {}", halt.getMessage(), name,
					halt.exitCode());
			this.arbiter.halt(halt.exitCode(), halt.getMessage(), System.nanoTime());
		}
		catch (RuntimeException | LinkageError ex) {
			logger.error("A listener of the {} hook failed; the master carries on", name, ex);
		}
	}

}
