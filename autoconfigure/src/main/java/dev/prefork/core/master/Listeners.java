package dev.prefork.core.master;

import java.util.function.Consumer;

import dev.prefork.core.arbiter.Arbiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls the master's hooks (Gunicorn's server hooks, Spring events in the glue): a listener's
 * {@link MasterHooks.HaltRequest} is kept until the master's loop hands it to the arbiter after the
 * event at hand ({@link #applyHalt}), so that a hook called while the arbiter acts never calls back
 * into it; anything else a listener throws is logged and changes nothing.
 */
final class Listeners {

	private static final Logger logger = LoggerFactory.getLogger(Listeners.class);

	private final MasterHooks hooks;

	private MasterHooks.HaltRequest halt;

	private boolean applied;

	Listeners(MasterHooks hooks) {
		this.hooks = hooks;
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
		catch (MasterHooks.HaltRequest request) {
			if (this.halt == null) {
				logger.warn("Halting: {} (asked by a listener of the {} hook); exit code {}", request.getMessage(), name,
						request.exitCode());
				this.halt = request;
			}
		}
		catch (RuntimeException | LinkageError ex) {
			logger.error("A listener of the {} hook failed; the master carries on", name, ex);
		}
	}

	/** Whether a listener asked to halt the master: no worker starts from then on. */
	boolean haltRequested() {
		return this.halt != null;
	}

	/**
	 * Hands a listener's halt request to the arbiter, once: the workers finish their in-flight
	 * requests, then the master exits with the listener's code.
	 * @param arbiter the arbiter
	 * @param now the arbiter's clock
	 */
	void applyHalt(Arbiter arbiter, long now) {
		if (this.halt != null && !this.applied) {
			this.applied = true;
			arbiter.halt(this.halt.exitCode(), this.halt.getMessage(), now);
		}
	}

}
