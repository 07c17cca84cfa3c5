package dev.prefork.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a chaos scenario measured, one line per scenario in {@code target/chaos-figures.md}, the
 * source of docs/reliability.md's table.
 */
final class Figures {

	private static final Path FILE = Path.of("target", "chaos-figures.md");

	private final String scenario;

	private final Map<String, Object> values = new LinkedHashMap<>();

	Figures(String scenario) {
		this.scenario = scenario;
	}

	Figures put(String name, Object value) {
		this.values.put(name, value);
		return this;
	}

	/** Appends the line; called once the scenario's assertions passed. */
	void write() {
		String line = "| " + this.scenario + " | " + this.values.entrySet()
			.stream()
			.map((e) -> e.getKey() + " " + e.getValue())
			.collect(Collectors.joining(", ")) + " |\n";
		try {
			Files.createDirectories(FILE.getParent());
			Files.writeString(FILE, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
