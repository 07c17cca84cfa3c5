package dev.prefork.autoconfigure.master;

import java.nio.file.Path;

import org.springframework.core.env.Environment;

/**
 * Where masters keep their runtime folders by default: {@code prefork-<pid>} under
 * {@code XDG_RUNTIME_DIR} when it is writable, else under {@code java.io.tmpdir}. The master creates
 * its folder there; the CLI looks for masters there.
 */
final class RuntimeDirectories {

	private RuntimeDirectories() {
	}

	static Path base(Environment environment) {
		String base = environment.getProperty("XDG_RUNTIME_DIR");
		if (base == null || !Path.of(base).toFile().canWrite()) {
			base = System.getProperty("java.io.tmpdir");
		}
		return Path.of(base).toAbsolutePath();
	}

	static Path forPid(Environment environment, long pid) {
		return base(environment).resolve("prefork-" + pid);
	}

}
