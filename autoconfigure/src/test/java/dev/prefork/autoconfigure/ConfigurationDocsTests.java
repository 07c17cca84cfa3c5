package dev.prefork.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.prefork.core.arbiter.ArbiterSettings;
import dev.prefork.core.channel.Fields;
import dev.prefork.core.master.BoundSettings;
import org.junit.jupiter.api.Test;

import org.springframework.boot.json.JsonParserFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reference table of docs/configuration.md names exactly the {@code prefork.*} settings the
 * starter declares, with their defaults: the configuration metadata that Spring Boot's processor
 * writes from {@link PreforkProperties}. A setting added without its row, a row left for a setting
 * that went, or a default changed in one place only, fails here. So does a setting the arbiter acts on
 * (and a worker reports to a reload) that is not declared.
 */
class ConfigurationDocsTests {

	private static final Pattern ROW = Pattern.compile("(?m)^\\| `(prefork\\.[a-z.-]+)` \\| ([^|]*) \\|");

	@Test
	void theDocsTableAndTheDeclaredSettingsAgree() throws IOException {
		assertThat(documented().keySet()).isNotEmpty().isEqualTo(declared().keySet());
	}

	@Test
	void theDocsTableShowsEachDeclaredDefault() throws IOException {
		Map<String, String> documented = documented();
		declared().forEach((name, value) -> {
			if (value != null) {
				assertThat(documented.get(name)).as("the default of " + name).contains("`" + written(value) + "`");
			}
		});
	}

	@Test
	void everySettingAWorkerReportsToAReloadIsDeclared() throws IOException {
		ArbiterSettings settings = new ArbiterSettings(2, Duration.ofSeconds(30), Duration.ofSeconds(30),
				Duration.ofSeconds(120), Duration.ofSeconds(5));
		Set<String> reported = new TreeSet<>(Fields.decode(new BoundSettings(settings, "0.0.0.0:8080").encode()).all().keySet());
		reported.remove("listen");
		assertThat(reported).as("every ArbiterSettings component but the quick-stop timeout")
			.hasSize(ArbiterSettings.class.getRecordComponents().length - 1);
		assertThat(declared().keySet()).containsAll(reported.stream().map((name) -> "prefork." + name).toList());
	}

	private static String written(Object value) {
		if (value instanceof List<?> list) {
			return String.join(",", list.stream().map(String::valueOf).toList());
		}
		return String.valueOf(value);
	}

	private static Map<String, String> documented() throws IOException {
		String docs = Files.readString(Path.of("..", "docs", "configuration.md"));
		Map<String, String> rows = new TreeMap<>();
		Matcher row = ROW.matcher(docs);
		while (row.find()) {
			rows.put(row.group(1), row.group(2));
		}
		return rows;
	}

	/** The declared settings, each with its default as the metadata gives it, or null. */
	@SuppressWarnings("unchecked")
	private static Map<String, Object> declared() throws IOException {
		try (InputStream in = ConfigurationDocsTests.class
			.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			assertThat(in).as("the metadata Spring Boot's configuration processor writes").isNotNull();
			Map<String, Object> metadata = JsonParserFactory.getJsonParser()
				.parseMap(new String(in.readAllBytes(), StandardCharsets.UTF_8));
			Map<String, Object> names = new TreeMap<>();
			for (Object property : (List<Object>) metadata.get("properties")) {
				Map<String, Object> declared = (Map<String, Object>) property;
				String name = (String) declared.get("name");
				if (name.startsWith("prefork.")) {
					names.put(name, declared.get("defaultValue"));
				}
			}
			return names;
		}
	}

}
