package dev.prefork.autoconfigure.actuate;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.prefork.core.control.ControlClient;
import dev.prefork.core.control.ServerStatus;
import dev.prefork.core.meter.MeterSample;

import org.springframework.boot.json.JsonParserFactory;

/**
 * The master's answers (its status, and the whole server's web metrics), asked over its control
 * socket and kept for a second, so that a metrics scrape that reads many meters, or a health probe,
 * asks the master once. A master that does not answer costs a caller at most the control client's
 * timeout, and the callers waiting meanwhile take that result.
 */
public final class MasterStatus {

	private static final long TTL_NANOS = 1_000_000_000L;

	private final Answer status;

	private final Answer meters;

	private Map<String, Object> readAnswer;

	private ServerStatus read;

	private Map<String, Object> readMetersAnswer;

	private List<MeterSample> readMeters;

	MasterStatus(ControlClient master) {
		this.status = new Answer(master, "status");
		this.meters = new Answer(master, "meters");
	}

	/**
	 * The status, or null when the master does not answer (or answers what is not a status). A scrape
	 * reads it once per meter: each answer is read into its records once.
	 */
	synchronized ServerStatus get() {
		Map<String, Object> answer = this.status.get();
		if (answer != this.readAnswer) {
			this.readAnswer = answer;
			try {
				this.read = (answer != null) ? ServerStatus.from(answer) : null;
			}
			catch (IllegalArgumentException ex) {
				this.read = null;
			}
		}
		return this.read;
	}

	/** Why the master did not answer the last status request, or null when it did. */
	String failure() {
		return this.status.failure();
	}

	/** Whether the master's last status request timed out (the master runs but does not answer). */
	boolean stalled() {
		return this.status.stalled();
	}

	/**
	 * The whole server's web metrics, as the master sums them, or null when it does not answer (or
	 * answers what is not meters). The same list until the answer changes.
	 */
	@SuppressWarnings("unchecked")
	synchronized List<MeterSample> meters() {
		Map<String, Object> answer = this.meters.get();
		if (answer != this.readMetersAnswer) {
			this.readMetersAnswer = answer;
			try {
				this.readMeters = (answer != null && answer.get("meters") instanceof List<?> samples)
						? samples.stream().map((sample) -> MeterSample.fromMap((Map<String, Object>) sample)).toList()
						: null;
			}
			catch (IllegalArgumentException | ClassCastException ex) {
				this.readMeters = null;
			}
		}
		return this.readMeters;
	}

	/**
	 * A number read from the status, for a meter.
	 * @param number what to read
	 * @return the number, or NaN when the master does not answer or the status has none
	 */
	double number(Function<ServerStatus, Number> number) {
		ServerStatus status = get();
		Number value = (status != null) ? number.apply(status) : null;
		return (value != null) ? value.doubleValue() : Double.NaN;
	}

	/** One command's answer, asked at most once a second; null when the master does not answer. */
	private static final class Answer {

		private final ControlClient master;

		private final String command;

		private Map<String, Object> value;

		private IOException failure;

		private long fetchedAt;

		private boolean fetched;

		Answer(ControlClient master, String command) {
			this.master = master;
			this.command = command;
		}

		synchronized Map<String, Object> get() {
			if (!this.fetched || System.nanoTime() - this.fetchedAt > TTL_NANOS) {
				try {
					this.value = JsonParserFactory.getJsonParser().parseMap(this.master.send(this.command));
					this.failure = null;
				}
				catch (IOException ex) {
					this.value = null;
					this.failure = ex;
				}
				catch (RuntimeException ex) {
					this.value = null;
					this.failure = new IOException("unreadable answer: " + ex.getMessage(), ex);
				}
				this.fetched = true;
				// from the answer, not the question: callers that waited for a master that did not answer
				// take this result instead of waiting again, one after the other
				this.fetchedAt = System.nanoTime();
			}
			return this.value;
		}

		synchronized String failure() {
			return (this.failure != null) ? this.failure.getMessage() : null;
		}

		synchronized boolean stalled() {
			return this.failure instanceof ControlClient.NotAnsweringException;
		}

	}

}
