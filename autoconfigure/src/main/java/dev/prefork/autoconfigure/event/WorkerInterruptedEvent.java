package dev.prefork.autoconfigure.event;

/**
 * The master told the worker to quit now (quick shutdown), and it is about to halt (Gunicorn's worker_int).
 */
public class WorkerInterruptedEvent extends PreforkWorkerEvent {

	public WorkerInterruptedEvent(Object source, int slot) {
		super(source, slot);
	}

}
