package dev.prefork.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

import org.springframework.boot.json.JsonParserFactory;

/**
 * The {@code prefork.*} settings as declared: the names in the configuration metadata that Spring
 * Boot's processor writes from {@link PreforkProperties} (every jar has such a file, ours among
 * them). What print-config lists and what an unknown property is compared with.
 */
public final class PreforkMetadata {

	private static final String METADATA = "META-INF/spring-configuration-metadata.json";

	private PreforkMetadata() {
	}

	/**
	 * The declared {@code prefork.*} settings.
	 * @return their names, sorted
	 */
	@SuppressWarnings("unchecked")
	public static SortedSet<String> names() {
		SortedSet<String> names = new TreeSet<>();
		try {
			Enumeration<URL> files = PreforkMetadata.class.getClassLoader().getResources(METADATA);
			while (files.hasMoreElements()) {
				try (InputStream in = files.nextElement().openStream()) {
					Map<String, Object> metadata = JsonParserFactory.getJsonParser()
						.parseMap(new String(in.readAllBytes(), StandardCharsets.UTF_8));
					for (Object property : (List<Object>) metadata.getOrDefault("properties", List.of())) {
						String name = String.valueOf(((Map<String, Object>) property).get("name"));
						if (name.startsWith("prefork.")) {
							names.add(name);
						}
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the configuration metadata: " + ex.getMessage(), ex);
		}
		return names;
	}

}
