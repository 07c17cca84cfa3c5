package dev.prefork.core.spawn;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The class cache's files: its folder private to the user, moves into place at once where the
 * filesystem can, and leftovers removed.
 */
final class CacheFiles {

	private static final Set<PosixFilePermission> PRIVATE_FOLDER = PosixFilePermissions.fromString("rwx------");

	private CacheFiles() {
	}

	/** Moves a file or folder into place, atomically where the filesystem can. */
	static void move(Path from, Path to) throws IOException {
		try {
			Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (AtomicMoveNotSupportedException ex) {
			Files.move(from, to);
		}
	}

	static long sizeInMegabytes(Path file) {
		try {
			return Files.size(file) / (1024 * 1024);
		}
		catch (IOException ex) {
			return 0;
		}
	}

	/** Removes a file or folder tree; a leftover harms nothing. */
	static void deleteQuietly(Path path) {
		if (!Files.exists(path)) {
			return;
		}
		try (Stream<Path> all = Files.walk(path)) {
			all.sorted(Comparator.reverseOrder()).forEach((p) -> p.toFile().delete());
		}
		catch (IOException ex) {
			// a leftover temporary file harms nothing
		}
	}

	/**
	 * Makes the cache's folder, private to this user, or checks the one there: a class archive is
	 * code the workers run, so it is kept only in a real folder of this user's, mode 0700.
	 * @param root the folder
	 * @throws IOException if it is a link, another user's, or open to others
	 */
	static void privateFolder(Path root) throws IOException {
		Files.createDirectories(root, PosixFilePermissions.asFileAttribute(PRIVATE_FOLDER));
		PosixFileAttributes attributes = Files.readAttributes(root, PosixFileAttributes.class,
				LinkOption.NOFOLLOW_LINKS);
		if (!attributes.isDirectory()) {
			throw new IOException("the folder " + root + " is a link or not a folder: a class archive is code "
					+ "the workers run, so the cache is only kept in a real folder; set prefork.class-cache-dir");
		}
		UserPrincipal self = Files.getOwner(Path.of("/proc/self"));
		if (!attributes.owner().equals(self)) {
			throw new IOException("the folder " + root + " belongs to " + attributes.owner().getName() + ", not "
					+ self.getName() + ": a class archive is code the workers run; set prefork.class-cache-dir to a "
					+ "folder of this user's");
		}
		if (!attributes.permissions().equals(PRIVATE_FOLDER) || !Files.isWritable(root)) {
			throw new IOException("the folder " + root + " is not private to this user (mode "
					+ PosixFilePermissions.toString(attributes.permissions())
					+ "): a class archive is code the workers run; chmod 700 it or set prefork.class-cache-dir");
		}
	}

}
