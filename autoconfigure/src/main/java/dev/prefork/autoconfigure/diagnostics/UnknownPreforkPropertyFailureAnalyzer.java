package dev.prefork.autoconfigure.diagnostics;

import java.util.Comparator;
import java.util.List;

import dev.prefork.autoconfigure.PreforkMetadata;

import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

/**
 * Explains an unknown {@code prefork.*} property by the closest known one ("did you mean
 * prefork.workers?"), with its value and origin, ahead of Spring Boot's general analysis of unbound
 * properties, which names the binding target instead. The known names are the starter's
 * configuration metadata.
 */
class UnknownPreforkPropertyFailureAnalyzer extends AbstractFailureAnalyzer<UnboundConfigurationPropertiesException>
		implements Ordered {

	private final List<String> known;

	UnknownPreforkPropertyFailureAnalyzer() {
		this(List.copyOf(PreforkMetadata.names()));
	}

	UnknownPreforkPropertyFailureAnalyzer(List<String> known) {
		this.known = known;
	}

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, UnboundConfigurationPropertiesException cause) {
		List<ConfigurationProperty> unknown = cause.getUnboundProperties()
			.stream()
			.filter((property) -> property.getName().toString().startsWith("prefork."))
			.sorted(Comparator.comparing((property) -> property.getName().toString()))
			.toList();
		if (unknown.isEmpty()) {
			return null;
		}
		StringBuilder description = new StringBuilder();
		description.append((unknown.size() == 1) ? "prefork has no property " : "prefork has no properties ")
			.append(String.join(", ", unknown.stream().map((p) -> p.getName().toString()).toList()))
			.append(":\n");
		for (ConfigurationProperty property : unknown) {
			String name = property.getName().toString();
			description.append("\n    Property: ").append(name);
			description.append("\n    Value: \"").append(property.getValue()).append("\"");
			description.append("\n    Origin: ").append((property.getOrigin() != null) ? property.getOrigin() : "unknown");
			String closest = closest(name);
			description.append("\n    Reason: ")
				.append((closest != null) ? "no such setting; did you mean " + closest + "?" : "no such setting")
				.append("\n");
		}
		return new FailureAnalysis(description.toString(), "Correct the property's name, or remove it. "
				+ "--prefork.print-config lists every prefork.* property with its value and origin, and "
				+ "docs/configuration.md says what each does.", cause);
	}

	/** The known property nearest to a name in edits, if it is near enough to be a typo. */
	String closest(String name) {
		String best = null;
		int bestDistance = Integer.MAX_VALUE;
		for (String candidate : this.known) {
			int distance = distance(name, candidate);
			if (distance < bestDistance) {
				best = candidate;
				bestDistance = distance;
			}
		}
		int tail = name.length() - "prefork.".length();
		return (best != null && bestDistance <= Math.max(2, tail / 3)) ? best : null;
	}

	/** Levenshtein's edit distance. */
	static int distance(String a, String b) {
		int[] previous = new int[b.length() + 1];
		int[] current = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int substitution = previous[j - 1] + ((a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1);
				current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[b.length()];
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
