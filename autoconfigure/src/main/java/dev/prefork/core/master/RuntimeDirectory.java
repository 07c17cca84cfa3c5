package dev.prefork.core.master;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master's private folder (mode 0700) for its sockets. Only the user that runs the master can
 * enter it, so only that user can talk to the master. A folder that exists already is used only if
 * it is ours: a real folder (a link is never followed), owned by this process's user, mode 0700.
 * The default folder has a predictable name ({@code prefork-<pid>}); when another user took that
 * name first, the master creates a folder of its own with a random suffix instead.
 */
public final class RuntimeDirectory implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(RuntimeDirectory.class);

	private static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rwx------");

	/** The default folders' names: {@code prefork-<pid>}, or {@code prefork-<pid>-<suffix>}. */
	public static final Pattern DEFAULT_NAME = Pattern.compile("prefork-([0-9]+)(-[0-9a-f]+)?");

	private final Path path;

	private final boolean created;

	private RuntimeDirectory(Path path, boolean created) {
		this.path = path;
		this.created = created;
	}

	/**
	 * Creates a folder the operator chose, or checks that an existing one is ours and private.
	 * @param path the folder
	 * @return the folder
	 * @throws IOException if it cannot be created, or exists and is not ours and private
	 */
	public static RuntimeDirectory create(Path path) throws IOException {
		Files.createDirectories(path.getParent());
		try {
			return createPrivate(path);
		}
		catch (FileAlreadyExistsException ex) {
			String why = notOurs(path);
			if (why != null) {
				throw new NotPrivateException(path, why);
			}
			return new RuntimeDirectory(path, false);
		}
	}

	/**
	 * Creates the default folder for this master: the predictable name if nobody took it, or a stale
	 * folder of this user's (a dead master had this pid before), else a fresh name. Removes the folders
	 * of this user's masters that are gone.
	 * @param preferred the predictable folder, {@code <base>/prefork-<pid>}
	 * @return the folder
	 * @throws IOException if no folder can be created
	 */
	public static RuntimeDirectory createDefault(Path preferred) throws IOException {
		Path base = preferred.getParent();
		Files.createDirectories(base);
		removeStale(base);
		try {
			return createPrivate(preferred);
		}
		catch (FileAlreadyExistsException ex) {
			String why = notOurs(preferred);
			if (why == null) {
				// this user's, left by a dead master that had this pid: this master's now
				deleteContents(preferred);
				return new RuntimeDirectory(preferred, true);
			}
			byte[] suffix = new byte[4];
			new SecureRandom().nextBytes(suffix);
			Path unique = base.resolve(preferred.getFileName() + "-" + HexFormat.of().formatHex(suffix));
			RuntimeDirectory created = createPrivate(unique);
			logger.warn("The runtime folder {} exists and is not this master's ({}): using {} instead", preferred, why,
					unique);
			return created;
		}
	}

	/** Creates a folder that must not exist yet (a link or anything else there fails), mode 0700. */
	private static RuntimeDirectory createPrivate(Path path) throws IOException {
		Files.createDirectory(path, PosixFilePermissions.asFileAttribute(PRIVATE));
		// the umask may have taken bits from the mode asked for
		Files.setPosixFilePermissions(path, PRIVATE);
		return new RuntimeDirectory(path, true);
	}

	/**
	 * Why an existing path is not a folder this process may use, or null when it is: a real folder,
	 * owned by this process's user, private.
	 * @param path the path
	 * @return the reason, or null
	 * @throws IOException if its attributes cannot be read
	 */
	static String notOurs(Path path) throws IOException {
		PosixFileAttributes attributes = Files.readAttributes(path, PosixFileAttributes.class,
				LinkOption.NOFOLLOW_LINKS);
		if (attributes.isSymbolicLink()) {
			return "it is a link";
		}
		if (!attributes.isDirectory()) {
			return "it is not a folder";
		}
		UserPrincipal self = Files.getOwner(Path.of("/proc/self"));
		if (!attributes.owner().equals(self)) {
			return "it belongs to " + attributes.owner().getName() + ", not " + self.getName();
		}
		if (!attributes.permissions().equals(PRIVATE)) {
			return "it is open to other users (" + PosixFilePermissions.toString(attributes.permissions()) + ")";
		}
		return null;
	}

	/** Removes the default folders of this user's masters that no longer run. */
	static void removeStale(Path base) {
		try (Stream<Path> folders = Files.list(base)) {
			for (Path folder : folders.toList()) {
				Matcher name = DEFAULT_NAME.matcher(folder.getFileName().toString());
				if (name.matches() && !alive(Long.parseLong(name.group(1))) && notOurs(folder) == null) {
					deleteContents(folder);
					Files.deleteIfExists(folder);
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("Could not clean stale runtime folders in {}: {}", base, ex.getMessage());
		}
	}

	private static boolean alive(long pid) {
		return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
	}

	public Path path() {
		return this.path;
	}

	public Path resolve(String name) {
		return this.path.resolve(name);
	}

	/**
	 * The runtime folder exists and is not this master's to use: another user's, a link, not a
	 * folder, or open to other users.
	 */
	public static final class NotPrivateException extends IOException {

		private final Path path;

		private final String reason;

		NotPrivateException(Path path, String reason) {
			super("Runtime folder " + path + " cannot hold the master's sockets: " + reason);
			this.path = path;
			this.reason = reason;
		}

		public Path path() {
			return this.path;
		}

		/** Why the folder is refused, such as {@code it belongs to nobody, not app}. */
		public String reason() {
			return this.reason;
		}

	}

	/** Removes the folder if this master created it. */
	@Override
	public void close() throws IOException {
		if (!this.created || !Files.exists(this.path, LinkOption.NOFOLLOW_LINKS)) {
			return;
		}
		deleteContents(this.path);
		Files.deleteIfExists(this.path);
	}

	private static void deleteContents(Path folder) throws IOException {
		try (Stream<Path> files = Files.walk(folder)) {
			for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
				if (!file.equals(folder)) {
					Files.deleteIfExists(file);
				}
			}
		}
	}

}
