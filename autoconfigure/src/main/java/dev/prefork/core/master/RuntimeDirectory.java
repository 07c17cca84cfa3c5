package dev.prefork.core.master;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
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
 * name first, the master creates a folder of its own with a random suffix instead. One master holds a
 * folder at a time: it locks {@value #LOCK_FILE} there for its life (the kernel lets the lock go when
 * the process dies), and a second master given the same folder refuses to start, naming the first.
 * An in-place upgrade (USR2) moves the old master's folder to {@code <folder>.oldbin}, as the pidfile,
 * so that the new master creates the configured folder afresh.
 */
public final class RuntimeDirectory implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(RuntimeDirectory.class);

	private static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rwx------");

	/** The default folders' names: {@code prefork-<pid>}, or {@code prefork-<pid>-<suffix>}. */
	public static final Pattern DEFAULT_NAME = Pattern.compile("prefork-([0-9]+)(-[0-9a-f]+)?");

	/** The file a master locks and writes its pid to, for as long as it holds the folder. */
	static final String LOCK_FILE = "master.pid";

	private Path path;

	private final boolean created;

	private FileChannel lock;

	private RuntimeDirectory(Path path, boolean created) {
		this.path = path;
		this.created = created;
	}

	/**
	 * Makes this master the folder's only master: locks {@value #LOCK_FILE} and writes this process's
	 * pid in it.
	 * @return this folder
	 * @throws InUseException if another live master holds the folder
	 * @throws IOException if the lock file cannot be written
	 */
	RuntimeDirectory claim() throws IOException {
		Path file = this.path.resolve(LOCK_FILE);
		FileChannel channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
				StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS), PosixFilePermissions.asFileAttribute(
						PosixFilePermissions.fromString("rw-------")));
		try {
			lock(channel, this.path);
		}
		catch (IOException | RuntimeException ex) {
			channel.close();
			throw ex;
		}
		channel.truncate(0);
		channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
		this.lock = channel;
		return this;
	}

	/**
	 * Locks a folder's lock file for this process, until the channel closes.
	 * @throws InUseException if another process, or this JVM, holds it
	 */
	private static void lock(FileChannel channel, Path folder) throws IOException {
		try {
			if (channel.tryLock() == null) {
				throw new InUseException(folder, holder(channel));
			}
		}
		catch (OverlappingFileLockException ex) {
			throw new InUseException(folder, ProcessHandle.current().pid());
		}
	}

	/** The pid written in a lock file another process holds, or -1 when it says none. */
	private static long holder(FileChannel channel) throws IOException {
		ByteBuffer buffer = ByteBuffer.allocate(32);
		channel.read(buffer, 0);
		String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).strip();
		return text.matches("[0-9]{1,18}") ? Long.parseLong(text) : -1;
	}

	/**
	 * Moves this master's folder aside, for an in-place upgrade: a folder already at the target that
	 * no live master holds (an earlier upgrade's, left by a killed master) is removed first. The
	 * sockets in it stay bound; connecting by their new path reaches them.
	 * @param target the new path, such as {@code <folder>.oldbin}
	 * @throws IOException if the folder cannot be moved; it then stays where it was
	 */
	void moveTo(Path target) throws IOException {
		if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
			removeUnheld(target);
		}
		Files.move(this.path, target, StandardCopyOption.ATOMIC_MOVE);
		this.path = target;
	}

	/**
	 * Removes a folder of this user's that no live master holds.
	 * @throws IOException if it is not ours, a master holds it, or it cannot be removed
	 */
	static void removeUnheld(Path folder) throws IOException {
		String why = notOurs(folder);
		if (why != null) {
			throw new NotPrivateException(folder, why);
		}
		Path file = folder.resolve(LOCK_FILE);
		if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
			try (FileChannel channel = FileChannel.open(file, Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE,
					LinkOption.NOFOLLOW_LINKS))) {
				lock(channel, folder);
				deleteContents(folder);
			}
		}
		else {
			deleteContents(folder);
		}
		Files.deleteIfExists(folder);
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
			return createPrivate(path).claim();
		}
		catch (FileAlreadyExistsException ex) {
			String why = notOurs(path);
			if (why != null) {
				throw new NotPrivateException(path, why);
			}
			return new RuntimeDirectory(path, false).claim();
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
			return createPrivate(preferred).claim();
		}
		catch (FileAlreadyExistsException ex) {
			String why = notOurs(preferred);
			if (why == null) {
				try {
					// this user's, left by a dead master that had this pid: this master's now
					removeUnheld(preferred);
					return createPrivate(preferred).claim();
				}
				catch (InUseException | FileAlreadyExistsException held) {
					// a live master holds it: one with this pid in another pid namespace (a container)
					why = "a live master holds it";
				}
			}
			byte[] suffix = new byte[4];
			new SecureRandom().nextBytes(suffix);
			Path unique = base.resolve(preferred.getFileName() + "-" + HexFormat.of().formatHex(suffix));
			RuntimeDirectory created = createPrivate(unique).claim();
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

	/**
	 * Removes the default folders of this user's masters that no longer run: those whose lock no
	 * process holds. The lock, not the pid in the name, tells: a master in another pid namespace (a
	 * container sharing this folder) may have a pid that is free, or taken, in this one. A folder
	 * without a lock file (an older master's) goes when no process has its pid here.
	 */
	static void removeStale(Path base) {
		try (Stream<Path> folders = Files.list(base)) {
			for (Path folder : folders.toList()) {
				Matcher name = DEFAULT_NAME.matcher(folder.getFileName().toString());
				if (!name.matches() || notOurs(folder) != null) {
					continue;
				}
				if (Files.exists(folder.resolve(LOCK_FILE), LinkOption.NOFOLLOW_LINKS)) {
					try {
						removeUnheld(folder);
					}
					catch (InUseException held) {
						// a live master's
					}
				}
				else if (!alive(Long.parseLong(name.group(1)))) {
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

	/**
	 * Another live master holds the runtime folder: two masters in one folder would replace each
	 * other's sockets.
	 */
	public static final class InUseException extends IOException {

		private final Path path;

		private final long holder;

		InUseException(Path path, long holder) {
			super("Runtime folder " + path + " is in use by master " + ((holder > 0) ? "pid " + holder : "(pid unknown)"));
			this.path = path;
			this.holder = holder;
		}

		public Path path() {
			return this.path;
		}

		/** The pid of the master that holds the folder, or -1 if it did not say. */
		public long holder() {
			return this.holder;
		}

	}

	/** Removes the folder if this master created it, and lets its lock go. */
	@Override
	public void close() throws IOException {
		try {
			if (this.created && Files.exists(this.path, LinkOption.NOFOLLOW_LINKS)) {
				deleteContents(this.path);
				Files.deleteIfExists(this.path);
			}
		}
		finally {
			if (this.lock != null) {
				this.lock.close();
			}
		}
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
