package dev.prefork.autoconfigure.actuate;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import dev.prefork.core.control.ControlClient;

import org.springframework.boot.json.JsonParserFactory;

/**
 * The master's status, asked over its control socket and kept for a second, so that a metrics scrape
 * that reads many meters, or a health probe, asks the master once.
 */
public final class MasterStatus {

	private static final long TTL_NANOS = 1_000_000_000L;

	private final ControlClient master;

	private Map<String, Object> status;

	private long fetchedAt;

	private List<Map<String, Object>> meters;

	private long metersFetchedAt;

	MasterStatus(ControlClient master) {
		this.master = master;
	}

	/** The status, or null when the master does not answer. */
	synchronized Map<String, Object> get() {
		long now = System.nanoTime();
		if (this.status == null || now - this.fetchedAt > TTL_NANOS) {
			try {
				this.status = JsonParserFactory.getJsonParser().parseMap(this.master.send("status"));
			}
			catch (IOException | RuntimeException ex) {
				this.status = null;
			}
			this.fetchedAt = now;
		}
		return this.status;
	}

	/** The whole server's web metrics, as the master sums them, or null when it does not answer. */
	@SuppressWarnings("unchecked")
	synchronized List<Map<String, Object>> meters() {
		long now = System.nanoTime();
		if (this.meters == null || now - this.metersFetchedAt > TTL_NANOS) {
			try {
				this.meters = (List<Map<String, Object>>) JsonParserFactory.getJsonParser()
					.parseMap(this.master.send("meters"))
					.get("meters");
			}
			catch (IOException | RuntimeException ex) {
				this.meters = null;
			}
			this.metersFetchedAt = now;
		}
		return this.meters;
	}

	/**
	 * A number in the status, by path.
	 * @param path keys into nested objects, such as {@code figures}, {@code boot}, {@code count}
	 * @return the number, or NaN when the master does not answer
	 */
	@SuppressWarnings("unchecked")
	double number(String... path) {
		Object value = get();
		for (String key : path) {
			if (!(value instanceof Map<?, ?> map)) {
				return Double.NaN;
			}
			value = ((Map<String, Object>) map).get(key);
		}
		return (value instanceof Number number) ? number.doubleValue() : Double.NaN;
	}

	/** How many live workers are in a state, or NaN when the master does not answer. */
	@SuppressWarnings("unchecked")
	double workersIn(String state) {
		Map<String, Object> current = get();
		if (current == null || !(current.get("workers") instanceof Iterable<?> workers)) {
			return Double.NaN;
		}
		int count = 0;
		for (Object worker : workers) {
			if (state.equals(((Map<String, Object>) worker).get("state"))) {
				count++;
			}
		}
		return count;
	}

}
