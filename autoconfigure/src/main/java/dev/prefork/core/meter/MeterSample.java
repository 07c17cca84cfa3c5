package dev.prefork.core.meter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import dev.prefork.core.channel.Fields;

/**
 * One worker's cumulative figures of one meter (a timer or a counter, with its tags), as it sends them
 * to the master on its channel, one sample a line.
 *
 * @param name the meter's name, such as {@code http.server.requests}
 * @param type {@code timer} or {@code counter}
 * @param tags its tags, sorted by key
 * @param count how many events (a timer's count, a counter's value)
 * @param totalSeconds a timer's total time, 0 for a counter
 * @param maxSeconds a timer's recent maximum, 0 for a counter
 */
public record MeterSample(String name, String type, SortedMap<String, String> tags, double count, double totalSeconds,
		double maxSeconds) {

	/** The type of a timer's sample. */
	public static final String TIMER = "timer";

	/** The type of a counter's sample. */
	public static final String COUNTER = "counter";

	/** What a tag's field name starts with. */
	private static final String TAG = "tag:";

	public MeterSample {
		if (!TIMER.equals(type) && !COUNTER.equals(type)) {
			throw new IllegalArgumentException("Unknown meter type '" + type + "'");
		}
		tags = new TreeMap<>(tags);
	}

	/** What identifies the meter across workers: its name, type and tags. */
	public String key() {
		Fields key = Fields.of().with("name", this.name).with("type", this.type);
		this.tags.forEach((tag, value) -> key.with(TAG + tag, value));
		return key.encode();
	}

	/**
	 * The sample as one line of {@link Fields}: {@code name}, {@code type}, {@code count},
	 * {@code total}, {@code max}, then each tag as {@code tag:KEY=VALUE}.
	 */
	public String encode() {
		Fields fields = Fields.of()
			.with("name", this.name)
			.with("type", this.type)
			.with("count", this.count)
			.with("total", this.totalSeconds)
			.with("max", this.maxSeconds);
		this.tags.forEach((key, value) -> fields.with(TAG + key, value));
		return fields.encode();
	}

	/**
	 * Reads the lines of a worker's report.
	 * @param text lines written by {@link #encode()}
	 * @return the samples; a line that does not parse, or carries a number that is not finite, is
	 * skipped
	 */
	public static List<MeterSample> decodeAll(String text) {
		List<MeterSample> samples = new ArrayList<>();
		for (String line : text.split("\n")) {
			try {
				Fields fields = Fields.decode(line);
				SortedMap<String, String> tags = new TreeMap<>();
				fields.all().forEach((key, value) -> {
					if (key.startsWith(TAG)) {
						tags.put(key.substring(TAG.length()), value);
					}
				});
				samples.add(new MeterSample(fields.text("name"), fields.text("type"), tags, fields.finite("count"),
						fields.finite("total"), fields.finite("max")));
			}
			catch (IllegalArgumentException ex) {
				// a malformed line costs that line only
			}
		}
		return samples;
	}

	/** Writes samples as the lines of one report. */
	public static String encodeAll(Iterable<MeterSample> samples) {
		StringBuilder text = new StringBuilder();
		for (MeterSample sample : samples) {
			if (!text.isEmpty()) {
				text.append('\n');
			}
			text.append(sample.encode());
		}
		return text.toString();
	}

	/**
	 * Reads a sample as {@link #toMap} wrote it, parsed from the control socket's JSON.
	 * @param map the sample's object
	 * @return the sample
	 * @throws IllegalArgumentException if a figure is missing or not a number
	 */
	public static MeterSample fromMap(Map<String, Object> map) {
		SortedMap<String, String> tags = new TreeMap<>();
		if (map.get("tags") instanceof Map<?, ?> given) {
			given.forEach((key, value) -> tags.put(String.valueOf(key), String.valueOf(value)));
		}
		return new MeterSample(String.valueOf(map.get("name")), String.valueOf(map.get("type")), tags,
				figure(map, "count"), figure(map, "total_seconds"), figure(map, "max_seconds"));
	}

	private static double figure(Map<String, Object> map, String field) {
		if (map.get(field) instanceof Number number) {
			return number.doubleValue();
		}
		throw new IllegalArgumentException("A meter without a number for " + field + ": " + map);
	}

	/** The sample as the control socket shows it. */
	public Map<String, Object> toMap() {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("name", this.name);
		map.put("type", this.type);
		map.put("tags", this.tags);
		map.put("count", this.count);
		map.put("total_seconds", this.totalSeconds);
		map.put("max_seconds", this.maxSeconds);
		return map;
	}

}
