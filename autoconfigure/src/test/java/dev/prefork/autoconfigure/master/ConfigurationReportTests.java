package dev.prefork.autoconfigure.master;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.prefork.autoconfigure.PreforkMetadata;
import org.junit.jupiter.api.Test;

import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * print-config's settings come from the declaration: one line for each declared {@code prefork.*}
 * setting, its value written as in application.yml, and its origin.
 */
class ConfigurationReportTests {

	@Test
	void everyDeclaredSettingHasALineWithItsValueAndOrigin() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("test", Map.of("prefork.graceful-timeout", "45s", "prefork.max-worker-memory",
					"512", "prefork.master-jvm", "as-started", "prefork.env[DB_PASSWORD]", "hunter2",
					"prefork.warmup.paths", "/,/orders")));
		String report = print(PreforkBinding.bind(environment, 4), Map.of("prefork.workers", 3));
		assertThat(PreforkMetadata.names()).hasSizeGreaterThan(20).allSatisfy((name) -> {
			if (!name.equals("prefork.env")) {
				assertThat(report).containsPattern("(?m)^" + name.replace(".", "\\.") + " +=");
			}
		});
		assertThat(report).containsPattern("prefork.graceful-timeout += 45s +# \"prefork.graceful-timeout\" from property source \"test\"")
			.containsPattern("prefork.max-worker-memory += 512MB +#")
			.containsPattern("prefork.master-jvm += as-started +#")
			.containsPattern("prefork.warmup.paths += /,/orders +#")
			.containsPattern("prefork.slow-start += 30s +# default")
			.containsPattern("prefork.workers += 3 +#")
			.containsPattern("prefork.pidfile += \\(none\\) +# default")
			.containsPattern("prefork.env\\[DB_PASSWORD\\] += \\*+ +#")
			.doesNotContain("hunter2");
	}

	@Test
	void valuesAreWrittenAsInApplicationYml() {
		assertThat(ConfigurationReport.propertyPath("prefork.warmup.timeout")).isEqualTo("warmup.timeout");
		assertThat(ConfigurationReport.propertyPath("prefork.max-requests-jitter")).isEqualTo("maxRequestsJitter");
		assertThat(ConfigurationReport.format(java.time.Duration.ZERO)).isEqualTo("0 (off)");
		assertThat(ConfigurationReport.format(java.time.Duration.ofMillis(1500))).isEqualTo("1500ms");
		assertThat(ConfigurationReport.format(java.util.List.of())).isEqualTo("(none)");
	}

	private static String print(PreforkBinding binding, Map<String, Object> computed) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		ConfigurationReport.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), binding, computed);
		return bytes.toString(StandardCharsets.UTF_8);
	}

}
