package dev.prefork.autoconfigure.master;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.stream.Stream;

import dev.prefork.core.control.ControlClient;
import dev.prefork.core.master.RuntimeDirectory;

import org.springframework.core.env.Environment;

/**
 * Where masters keep their runtime folders by default: {@code prefork-<pid>} under
 * {@code XDG_RUNTIME_DIR} when it is writable, else under {@code java.io.tmpdir} ({@code prefork-<pid>-<suffix>}
 * when another user took the predictable name). The master creates its folder there; the CLI looks for
 * masters there.
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

	/** The predictable folder of the master with this pid, which it creates unless another user took it. */
	static Path forPid(Environment environment, long pid) {
		return base(environment).resolve("prefork-" + pid);
	}

	/**
	 * The folder the master with this pid uses: the predictable one, or the one with a suffix it
	 * created when another user had taken that name.
	 */
	static Path findForPid(Environment environment, long pid) {
		return withControlSocket(environment).getOrDefault(pid, forPid(environment, pid));
	}

	/**
	 * The default folders under the base that hold a control socket, by the pid in their name; the
	 * folder of a master that is gone may be among them.
	 */
	static Map<Long, Path> withControlSocket(Environment environment) {
		Map<Long, Path> folders = new TreeMap<>();
		try (Stream<Path> listed = Files.list(base(environment))) {
			for (Path folder : listed.toList()) {
				Matcher name = RuntimeDirectory.DEFAULT_NAME.matcher(folder.getFileName().toString());
				if (name.matches()
						&& Files.exists(folder.resolve(ControlClient.SOCKET_NAME), LinkOption.NOFOLLOW_LINKS)) {
					// the predictable name wins over one with a suffix
					folders.merge(Long.parseLong(name.group(1)), folder, (a, b) -> (name.group(2) == null) ? b : a);
				}
			}
		}
		catch (IOException ex) {
			// no folder, no masters
		}
		return folders;
	}

}
