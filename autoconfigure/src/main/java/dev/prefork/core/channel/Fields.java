package dev.prefork.core.channel;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The one format of every payload on the channel between master and worker: {@code name=value}
 * fields separated by single spaces, in order. A name or value is percent-encoded where it holds a
 * {@code %}, a space, an {@code =} or a control character, so that any text travels intact (a path
 * with spaces, a tag with {@code =}, a stack trace) and a payload is always one line.
 */
public final class Fields {

	private final Map<String, String> values;

	private Fields(Map<String, String> values) {
		this.values = values;
	}

	/** An empty payload, to add fields to. */
	public static Fields of() {
		return new Fields(new LinkedHashMap<>());
	}

	/**
	 * Adds a field.
	 * @param name its name, not empty
	 * @param value its value; its {@code toString()} is sent
	 * @return these fields
	 */
	public Fields with(String name, Object value) {
		if (name.isEmpty()) {
			throw new IllegalArgumentException("A field needs a name");
		}
		this.values.put(name, String.valueOf(value));
		return this;
	}

	/** Every field, in order. */
	public Map<String, String> all() {
		return Collections.unmodifiableMap(this.values);
	}

	/**
	 * A field's text.
	 * @throws IllegalArgumentException naming the field when it is missing
	 */
	public String text(String name) {
		String value = this.values.get(name);
		if (value == null) {
			throw new IllegalArgumentException("no " + name + " among the fields " + this.values.keySet());
		}
		return value;
	}

	/** A field's text, or a default when it is missing. */
	public String text(String name, String missing) {
		return this.values.getOrDefault(name, missing);
	}

	/**
	 * A field's whole number.
	 * @throws IllegalArgumentException naming the field when it is missing or not a number
	 */
	public long number(String name) {
		try {
			return Long.parseLong(text(name));
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("field " + name + " is not a whole number: " + text(name), ex);
		}
	}

	/**
	 * A field's finite decimal number: NaN or infinity would spoil every sum it joins.
	 * @throws IllegalArgumentException naming the field when it is missing, not a number or not finite
	 */
	public double finite(String name) {
		double value;
		try {
			value = Double.parseDouble(text(name));
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("field " + name + " is not a number: " + text(name), ex);
		}
		if (!Double.isFinite(value)) {
			throw new IllegalArgumentException("field " + name + " is not a finite number: " + value);
		}
		return value;
	}

	/** The payload as one line. */
	public String encode() {
		StringBuilder line = new StringBuilder();
		this.values.forEach((name, value) -> {
			if (!line.isEmpty()) {
				line.append(' ');
			}
			escape(name, line);
			line.append('=');
			escape(value, line);
		});
		return line.toString();
	}

	/**
	 * Reads a payload.
	 * @param payload what {@link #encode} wrote
	 * @return the fields
	 * @throws IllegalArgumentException if a field has no name or no {@code =}, or an escape is broken
	 */
	public static Fields decode(String payload) {
		Map<String, String> values = new LinkedHashMap<>();
		if (payload.isEmpty()) {
			return new Fields(values);
		}
		for (String field : payload.split(" ", -1)) {
			int equals = field.indexOf('=');
			if (equals < 1) {
				throw new IllegalArgumentException("not a name=value field: '" + field + "'");
			}
			values.put(unescape(field.substring(0, equals)), unescape(field.substring(equals + 1)));
		}
		return new Fields(values);
	}

	private static void escape(String text, StringBuilder out) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '%' || c == ' ' || c == '=' || c < 0x20 || c == 0x7f) {
				out.append('%').append(String.format(Locale.ROOT, "%02X", (int) c));
			}
			else {
				out.append(c);
			}
		}
	}

	private static String unescape(String text) {
		StringBuilder out = new StringBuilder(text.length());
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c != '%') {
				out.append(c);
				continue;
			}
			int high = (i + 2 < text.length()) ? Character.digit(text.charAt(i + 1), 16) : -1;
			int low = (high >= 0) ? Character.digit(text.charAt(i + 2), 16) : -1;
			if (low < 0) {
				throw new IllegalArgumentException("a % without two hex digits in '" + text + "'");
			}
			out.append((char) (high * 16 + low));
			i += 2;
		}
		return out.toString();
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof Fields fields && fields.values.equals(this.values);
	}

	@Override
	public int hashCode() {
		return this.values.hashCode();
	}

	@Override
	public String toString() {
		return encode();
	}

}
