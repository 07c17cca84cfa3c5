package dev.prefork.core.control;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the little JSON the control socket answers with: objects, lists, strings, numbers and
 * booleans. The core has no JSON library; the answers are small and their shape is fixed.
 */
public final class Json {

	private Json() {
	}

	/**
	 * Writes a value.
	 * @param value a {@link Map} with string keys, a {@link List}, a {@link CharSequence}, a
	 * {@link Number}, a {@link Boolean} or null
	 * @return its JSON text
	 */
	public static String write(Object value) {
		StringBuilder out = new StringBuilder();
		write(value, out);
		return out.toString();
	}

	private static void write(Object value, StringBuilder out) {
		if (value == null) {
			out.append("null");
		}
		else if (value instanceof Map<?, ?> map) {
			out.append('{');
			boolean first = true;
			for (Map.Entry<?, ?> entry : map.entrySet()) {
				if (!first) {
					out.append(',');
				}
				first = false;
				string(entry.getKey().toString(), out);
				out.append(':');
				write(entry.getValue(), out);
			}
			out.append('}');
		}
		else if (value instanceof List<?> list) {
			out.append('[');
			for (int i = 0; i < list.size(); i++) {
				if (i > 0) {
					out.append(',');
				}
				write(list.get(i), out);
			}
			out.append(']');
		}
		else if (value instanceof Double || value instanceof Float) {
			double number = ((Number) value).doubleValue();
			// JSON has no NaN or infinity: a reader would reject the whole answer
			out.append(Double.isFinite(number) ? String.format(Locale.ROOT, "%.3f", number) : "null");
		}
		else if (value instanceof Number || value instanceof Boolean) {
			out.append(value);
		}
		else {
			string(value.toString(), out);
		}
	}

	private static void string(String text, StringBuilder out) {
		out.append('"');
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				default -> {
					if (c < 0x20) {
						out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
					}
					else {
						out.append(c);
					}
				}
			}
		}
		out.append('"');
	}

}
