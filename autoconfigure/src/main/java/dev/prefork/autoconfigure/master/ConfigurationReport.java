package dev.prefork.autoconfigure.master;

import java.io.PrintStream;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.prefork.autoconfigure.PreforkMetadata;
import dev.prefork.autoconfigure.PreforkProperties;

import org.springframework.beans.BeanWrapperImpl;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.util.unit.DataSize;

/**
 * The {@code prefork.*} part of {@code --prefork.print-config}, derived from the declaration: every
 * setting the configuration metadata names (which Spring Boot's processor writes from
 * {@link PreforkProperties}), with its bound value and where that came from. A setting added to the
 * properties shows here with nothing more to write; the master passes only the values it computes
 * itself (a default worker count, folders).
 */
final class ConfigurationReport {

	private static final String LINE = "%-26s = %-28s # %s%n";

	private ConfigurationReport() {
	}

	/**
	 * Prints each declared setting.
	 * @param out where to
	 * @param binding the bound properties and the origin of each value
	 * @param computed values the master works out itself, by property name, shown instead of the
	 * bound ones
	 */
	static void print(PrintStream out, PreforkBinding binding, Map<String, Object> computed) {
		BeanWrapperImpl properties = new BeanWrapperImpl(binding.properties());
		for (String name : PreforkMetadata.names()) {
			Object value = computed.containsKey(name) ? computed.get(name)
					: properties.getPropertyValue(propertyPath(name));
			if (value instanceof Map<?, ?> entries && !entries.isEmpty()) {
				entries.forEach((key, entry) -> out.printf(Locale.ROOT, LINE, name + "[" + key + "]",
						SanitizedCommandLine.maskedValue(key.toString(), String.valueOf(entry)),
						binding.origin(name + "[" + key + "]")));
			}
			else {
				out.printf(Locale.ROOT, LINE, name, format(value), binding.origin(name));
			}
		}
	}

	/** {@code prefork.warmup.max-requests} is the bean path {@code warmup.maxRequests}. */
	static String propertyPath(String name) {
		StringBuilder path = new StringBuilder();
		boolean upper = false;
		for (char c : name.substring("prefork.".length()).toCharArray()) {
			if (c == '-') {
				upper = true;
			}
			else {
				path.append(upper ? Character.toUpperCase(c) : c);
				upper = false;
			}
		}
		return path.toString();
	}

	/** A value as it is written in application.yml: {@code 30s}, {@code 512MB}, {@code as-started}. */
	static String format(Object value) {
		if (value == null || (value instanceof Collection<?> list && list.isEmpty())
				|| (value instanceof Map<?, ?> map && map.isEmpty())) {
			return "(none)";
		}
		if (value instanceof Duration duration) {
			if (duration.isZero()) {
				return "0 (off)";
			}
			return DurationStyle.SIMPLE.print(duration,
					(duration.toMillis() % 1000 == 0) ? ChronoUnit.SECONDS : ChronoUnit.MILLIS);
		}
		if (value instanceof DataSize size) {
			return (size.toBytes() % DataSize.ofMegabytes(1).toBytes() == 0) ? size.toMegabytes() + "MB"
					: size.toBytes() + "B";
		}
		if (value instanceof Enum<?> constant) {
			return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
		}
		if (value instanceof Collection<?> list) {
			List<String> items = new ArrayList<>();
			list.forEach((item) -> items.add(String.valueOf(item)));
			return String.join(",", items);
		}
		return value.toString();
	}

}
