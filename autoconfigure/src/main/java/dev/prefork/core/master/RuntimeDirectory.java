package dev.prefork.core.master;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The master's private folder (mode 0700) for its sockets. Only the user that runs the master can
 * enter it, so only that user can talk to the master.
 */
public final class RuntimeDirectory implements AutoCloseable {

	private static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rwx------");

	private final Path path;

	private final boolean created;

	private RuntimeDirectory(Path path, boolean created) {
		this.path = path;
		this.created = created;
	}

	/**
	 * Creates the folder, or checks that an existing one is private to this user.
	 * @param path the folder
	 * @return the folder
	 * @throws IOException if it cannot be created, or exists and is open to others
	 */
	public static RuntimeDirectory create(Path path) throws IOException {
		if (Files.isDirectory(path)) {
			Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path);
			if (!PRIVATE.containsAll(permissions)) {
				throw new NotPrivateException(path, PosixFilePermissions.toString(permissions));
			}
			return new RuntimeDirectory(path, false);
		}
		Files.createDirectories(path.getParent());
		Files.createDirectory(path, PosixFilePermissions.asFileAttribute(PRIVATE));
		Files.setPosixFilePermissions(path, PRIVATE);
		return new RuntimeDirectory(path, true);
	}

	public Path path() {
		return this.path;
	}

	public Path resolve(String name) {
		return this.path.resolve(name);
	}

	/**
	 * The runtime folder exists and other users may enter it: they could reach the control socket.
	 */
	public static final class NotPrivateException extends IOException {

		private final Path path;

		private final String permissions;

		NotPrivateException(Path path, String permissions) {
			super("Runtime folder " + path + " is open to other users (" + permissions + ")");
			this.path = path;
			this.permissions = permissions;
		}

		public Path path() {
			return this.path;
		}

		public String permissions() {
			return this.permissions;
		}

	}

	/** Removes the folder if this master created it. */
	@Override
	public void close() throws IOException {
		if (!this.created || !Files.exists(this.path)) {
			return;
		}
		try (Stream<Path> files = Files.walk(this.path)) {
			for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(file);
			}
		}
	}

}
