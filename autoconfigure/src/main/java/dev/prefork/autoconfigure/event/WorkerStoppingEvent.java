package dev.prefork.autoconfigure.event;

/**
 * The master told the worker to stop gracefully: it stops accepting, finishes its in-flight requests and exits (Gunicorn's worker_exit).
 */
public class WorkerStoppingEvent extends PreforkWorkerEvent {

	public WorkerStoppingEvent(Object source, int slot) {
		super(source, slot);
	}

}
