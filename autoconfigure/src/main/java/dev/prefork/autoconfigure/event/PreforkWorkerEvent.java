package dev.prefork.autoconfigure.event;

import org.springframework.context.ApplicationEvent;

/**
 * An event of a worker's life, published in the worker: to its {@code @EventListener} beans once its
 * context exists, to the SpringApplication's listeners before that.
 */
public abstract class PreforkWorkerEvent extends ApplicationEvent {

	private final int slot;

	protected PreforkWorkerEvent(Object source, int slot) {
		super(source);
		this.slot = slot;
	}

	/** The worker's id, 1 to the number of workers. */
	public int getSlot() {
		return this.slot;
	}

	public long getPid() {
		return ProcessHandle.current().pid();
	}

}
