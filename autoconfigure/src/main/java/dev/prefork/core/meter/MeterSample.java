package dev.prefork.core.meter;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

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

	public MeterSample {
		if (!TIMER.equals(type) && !COUNTER.equals(type)) {
			throw new IllegalArgumentException("Unknown meter type '" + type + "'");
		}
		tags = new TreeMap<>(tags);
	}

	/** What identifies the meter across workers: its name and tags. */
	public String key() {
		StringBuilder key = new StringBuilder(this.name).append(' ').append(this.type);
		this.tags.forEach((k, v) -> key.append(' ').append(encode(k)).append('=').append(encode(v)));
		return key.toString();
	}

	/** The sample as one line: {@code name type count total max tag=value...}, tags percent-encoded. */
	public String encode() {
		StringBuilder line = new StringBuilder(encode(this.name)).append(' ')
			.append(this.type)
			.append(' ')
			.append(this.count)
			.append(' ')
			.append(this.totalSeconds)
			.append(' ')
			.append(this.maxSeconds);
		this.tags.forEach((k, v) -> line.append(' ').append(encode(k)).append('=').append(encode(v)));
		return line.toString();
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
			String[] words = line.strip().split(" ");
			if (words.length < 5) {
				continue;
			}
			try {
				SortedMap<String, String> tags = new TreeMap<>();
				for (int i = 5; i < words.length; i++) {
					int equals = words[i].indexOf('=');
					if (equals < 1) {
						throw new IllegalArgumentException(words[i]);
					}
					tags.put(decode(words[i].substring(0, equals)), decode(words[i].substring(equals + 1)));
				}
				samples.add(new MeterSample(decode(words[0]), words[1], tags, finite(words[2]), finite(words[3]),
						finite(words[4])));
			}
			catch (IllegalArgumentException ex) {
				// a malformed line costs that line only
			}
		}
		return samples;
	}

	/** A number a worker reported; NaN or infinity would spoil every sum it joins. */
	private static double finite(String word) {
		double value = Double.parseDouble(word);
		if (!Double.isFinite(value)) {
			throw new IllegalArgumentException("not a finite number: " + word);
		}
		return value;
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

	private static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
	}

	private static String decode(String text) {
		return URLDecoder.decode(text, StandardCharsets.UTF_8);
	}

}
