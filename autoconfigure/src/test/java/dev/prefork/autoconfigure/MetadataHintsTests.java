package dev.prefork.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.prefork.core.control.ControlCommand;
import org.junit.jupiter.api.Test;

import org.springframework.boot.json.JsonParserFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The value hints an IDE offers for {@code prefork.*} (merged by Spring Boot's processor into the
 * configuration metadata) name exactly what the code accepts: every control command, every class
 * cache and master JVM mode.
 */
class MetadataHintsTests {

	@Test
	void theControlCommandsHintedAreTheOnesTheMasterTakes() throws IOException {
		assertThat(hinted("prefork.ctl")).containsExactlyInAnyOrderElementsOf(ControlCommand.NAMES);
	}

	@Test
	void theModesHintedAreTheEnumsConstants() throws IOException {
		assertThat(hinted("prefork.class-cache")).containsExactlyInAnyOrderElementsOf(kebab(PreforkProperties.ClassCacheMode.values()));
		assertThat(hinted("prefork.master-jvm")).containsExactlyInAnyOrderElementsOf(kebab(PreforkProperties.MasterJvmMode.values()));
	}

	@Test
	void everyHintIsForADeclaredSettingAndDescribesEachValue() throws IOException {
		Map<String, Object> metadata = metadata();
		List<Object> names = list(metadata.get("properties")).stream().map((property) -> map(property).get("name")).toList();
		for (Object hint : list(metadata.get("hints"))) {
			assertThat(names).contains(map(hint).get("name"));
			for (Object value : list(map(hint).get("values"))) {
				assertThat((String) map(value).get("description")).as("%s", value).isNotBlank();
			}
		}
	}

	private static List<String> kebab(Enum<?>[] constants) {
		return Arrays.stream(constants).map((constant) -> constant.name().toLowerCase(Locale.ROOT).replace('_', '-')).toList();
	}

	private static List<Object> hinted(String property) throws IOException {
		for (Object hint : list(metadata().get("hints"))) {
			if (property.equals(map(hint).get("name"))) {
				return list(map(hint).get("values")).stream().map((value) -> map(value).get("value")).toList();
			}
		}
		throw new AssertionError("no hint for " + property);
	}

	private static Map<String, Object> metadata() throws IOException {
		try (InputStream in = MetadataHintsTests.class.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			assertThat(in).as("the metadata Spring Boot's configuration processor writes").isNotNull();
			return JsonParserFactory.getJsonParser().parseMap(new String(in.readAllBytes(), StandardCharsets.UTF_8));
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		return (Map<String, Object>) value;
	}

	@SuppressWarnings("unchecked")
	private static List<Object> list(Object value) {
		return (List<Object>) value;
	}

}
