package dev.prefork.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.boot.json.JsonParserFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reference table of docs/configuration.md names exactly the {@code prefork.*} settings the
 * starter declares: the configuration metadata that Spring Boot's processor writes from
 * {@link PreforkProperties}. A setting added without its row, or a row left for a setting that went,
 * fails here.
 */
class ConfigurationDocsTests {

	private static final Pattern ROW = Pattern.compile("(?m)^\\| `(prefork\\.[a-z.-]+)` \\|");

	@Test
	void theDocsTableAndTheDeclaredSettingsAgree() throws IOException {
		assertThat(documented()).isNotEmpty().isEqualTo(declared());
	}

	private static Set<String> documented() throws IOException {
		String docs = Files.readString(Path.of("..", "docs", "configuration.md"));
		Set<String> names = new TreeSet<>();
		Matcher row = ROW.matcher(docs);
		while (row.find()) {
			names.add(row.group(1));
		}
		return names;
	}

	@SuppressWarnings("unchecked")
	private static Set<String> declared() throws IOException {
		try (InputStream in = ConfigurationDocsTests.class
			.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			assertThat(in).as("the metadata Spring Boot's configuration processor writes").isNotNull();
			Map<String, Object> metadata = JsonParserFactory.getJsonParser()
				.parseMap(new String(in.readAllBytes(), StandardCharsets.UTF_8));
			Set<String> names = new TreeSet<>();
			for (Object property : (List<Object>) metadata.get("properties")) {
				String name = (String) ((Map<String, Object>) property).get("name");
				if (name.startsWith("prefork.")) {
					names.add(name);
				}
			}
			return names;
		}
	}

}
