package dev.prefork.core.spawn;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The class cache's digests: an entry's key (the JVM, the jar's content, its options), a file's
 * SHA-256 and stamp, and a folder's digest over every file, which shows a file changed, added or
 * removed.
 */
final class FileDigests {

	private FileDigests() {
	}

	/**
	 * What an entry depends on: the JVM, the jar's content (a SHA-256 of its bytes: a rebuilt jar copied
	 * with its old size and time is another jar), its path and the JVM's options.
	 */
	static String key(Path jar, List<String> jvmOptions) throws IOException {
		return key(jar, HexFormat.of().formatHex(of(jar)), jvmOptions);
	}

	/** An entry's key from a jar digest already known. */
	static String key(Path jar, String jarDigest, List<String> jvmOptions) {
		MessageDigest digest = sha256();
		List<String> parts = new ArrayList<>(List.of(System.getProperty("java.home"),
				System.getProperty("java.vm.version"), jar.toString(), jarDigest));
		parts.addAll(jvmOptions);
		for (String part : parts) {
			digest.update(part.getBytes(StandardCharsets.UTF_8));
			digest.update((byte) 0);
		}
		return HexFormat.of().formatHex(digest.digest(), 0, 8);
	}

	/** What changes with any write to a file: its size, modification and change times, and inode. */
	static String stamp(Path file) throws IOException {
		var attributes = Files.readAttributes(file, "unix:size,lastModifiedTime,ctime,ino", LinkOption.NOFOLLOW_LINKS);
		return attributes.get("size") + ":" + ((FileTime) attributes.get("lastModifiedTime")).toMillis() + ":"
				+ ((FileTime) attributes.get("ctime")).to(TimeUnit.NANOSECONDS) + ":" + attributes.get("ino");
	}

	/** The SHA-256 of a file's bytes. */
	static byte[] of(Path file) throws IOException {
		MessageDigest digest = sha256();
		try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
			byte[] buffer = new byte[64 * 1024];
			for (int read; (read = in.read(buffer)) > 0;) {
				digest.update(buffer, 0, read);
			}
		}
		return digest.digest();
	}

	/**
	 * The SHA-256 of an extracted folder: every regular file's relative path and bytes, in path order,
	 * so that a file changed, added or removed after the extraction shows.
	 */
	static String tree(Path folder) throws IOException {
		return overFiles(folder, FileDigests::of);
	}

	/** One SHA-256 over the stamps of every regular file of a folder, in path order. */
	static String treeStamps(Path folder) throws IOException {
		return overFiles(folder, (file) -> stamp(file).getBytes(StandardCharsets.UTF_8));
	}

	/** One SHA-256 over each regular file's relative path and what {@code part} reads of it. */
	private static String overFiles(Path folder, FilePart part) throws IOException {
		MessageDigest digest = sha256();
		List<Path> files;
		try (Stream<Path> all = Files.walk(folder)) {
			files = all.filter((file) -> Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS))
				.filter((file) -> !file.getFileName().toString().equals(JarExtraction.EXTRACTION_DIGEST))
				.sorted()
				.toList();
		}
		for (Path file : files) {
			digest.update(folder.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
			digest.update((byte) 0);
			digest.update(part.read(file));
		}
		return HexFormat.of().formatHex(digest.digest());
	}

	/** What a tree's digest takes of one file. */
	@FunctionalInterface
	private interface FilePart {

		byte[] read(Path file) throws IOException;

	}

	static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The jar's SHA-256, read from the cache when this jar file was hashed before: the digest is kept
	 * with the file's stamp (size, modification and change times, inode), and any write to the jar
	 * changes its change time, which no copy can set back. Hashing a 25 MB jar takes the small master
	 * about 0.25 s, which a start then saves.
	 * @param root the class cache's folder, which keeps the digests
	 * @param jar the jar
	 * @return its SHA-256, in hex
	 */
	static String remembered(Path root, Path jar) throws IOException {
		Path memo = root.resolve(".jar-digests").resolve(HexFormat.of().formatHex(sha256()
			.digest(jar.toString().getBytes(StandardCharsets.UTF_8)), 0, 16));
		String stamp = stamp(jar);
		if (Files.isRegularFile(memo, LinkOption.NOFOLLOW_LINKS)) {
			String[] remembered = Files.readString(memo).strip().split(" ");
			if (remembered.length == 2 && remembered[0].equals(stamp)) {
				return remembered[1];
			}
		}
		String digest = HexFormat.of().formatHex(of(jar));
		Files.createDirectories(memo.getParent());
		Path partial = memo.resolveSibling(memo.getFileName() + ".tmp-" + ProcessHandle.current().pid() + "-"
				+ Long.toHexString(new SecureRandom().nextLong()));
		Files.writeString(partial, stamp + " " + digest + "\n");
		CacheFiles.move(partial, memo);
		return digest;
	}

}
