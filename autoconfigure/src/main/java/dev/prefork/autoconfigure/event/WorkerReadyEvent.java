package dev.prefork.autoconfigure.event;

/**
 * The worker's web server accepts on the master's socket (Gunicorn's post_worker_init).
 */
public class WorkerReadyEvent extends PreforkWorkerEvent {

	public WorkerReadyEvent(Object source, int slot) {
		super(source, slot);
	}

}
