package dev.prefork;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The core is plain Java: the Spring glue depends on it, never the reverse.
 */
class CoreHasNoSpringImportsTests {

	@Test
	void noCoreSourceImportsSpringOrTheGlue() throws IOException {
		Path core = Path.of("src/main/java/dev/prefork/core");
		assertThat(core).isDirectory();
		try (Stream<Path> files = Files.walk(core)) {
			List<String> offenders = files.filter((f) -> f.toString().endsWith(".java")).filter((f) -> {
				try {
					return Files.readAllLines(f).stream().anyMatch((line) -> line.startsWith("import org.springframework")
							|| line.startsWith("import dev.prefork.autoconfigure"));
				}
				catch (IOException ex) {
					throw new IllegalStateException(ex);
				}
			}).map(Path::toString).toList();
			assertThat(offenders).isEmpty();
		}
	}

}
