package dev.prefork.core.master;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The master's pidfile, as Gunicorn keeps it: written once the socket is bound, removed when the
 * master exits. A file left behind by a master that was killed names a dead process and is simply
 * replaced; one that names a live process stops this master from starting.
 */
public final class PidFile implements AutoCloseable {

	private Path path;

	private final long pid;

	private PidFile(Path path, long pid) {
		this.path = path;
		this.pid = pid;
	}

	/**
	 * Writes the pidfile.
	 * @param path where
	 * @param pid this master's pid
	 * @return the pidfile, removed on close
	 * @throws IOException if it cannot be written, or names another live process
	 */
	public static PidFile write(Path path, long pid) throws IOException {
		long existing = read(path);
		if (existing > 0 && existing != pid && ProcessHandle.of(existing).map(ProcessHandle::isAlive).orElse(false)) {
			throw new IOException("Pidfile " + path + " names process " + existing + ", which is running: is another "
					+ "master using it? Stop that master, or set prefork.pidfile to another file");
		}
		Path parent = path.toAbsolutePath().getParent();
		Files.createDirectories(parent);
		Path temporary = Files.createTempFile(parent, path.getFileName().toString(), ".tmp");
		Files.writeString(temporary, pid + "\n", StandardCharsets.US_ASCII);
		Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		return new PidFile(path, pid);
	}

	static long read(Path path) {
		try {
			return Long.parseLong(Files.readString(path, StandardCharsets.US_ASCII).strip());
		}
		catch (IOException | NumberFormatException ex) {
			return -1;
		}
	}

	/**
	 * Moves the pidfile aside while a new master takes over (USR2), as Gunicorn's {@code .oldbin}, or
	 * back when the new master gave up.
	 * @param to the new path
	 * @throws IOException if it cannot be moved
	 */
	public void moveTo(Path to) throws IOException {
		if (read(this.path) == this.pid) {
			Files.move(this.path, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		this.path = to;
	}

	public Path path() {
		return this.path;
	}

	/** Removes the pidfile if it still names this master. */
	@Override
	public void close() throws IOException {
		if (read(this.path) == this.pid) {
			Files.deleteIfExists(this.path);
		}
	}

}
