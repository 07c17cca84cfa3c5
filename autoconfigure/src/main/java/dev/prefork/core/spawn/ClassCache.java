package dev.prefork.core.spawn;

import java.io.IOException;
import java.io.InputStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workers' class cache: the application's jar extracted once with Spring Boot's jarmode tools,
 * and a class archive trained once from it that every later worker maps instead of loading, verifying
 * and linking the same classes again. On JDK 25 and later the archive is an AOT cache (JEP 483/514,
 * with method profiles, JEP 515); on JDK 17 to 24 a dynamic AppCDS archive. A stale or broken archive
 * is the JVM's business: it says so on its log and boots without it.
 */
public final class ClassCache {

	/** Set in a training JVM's environment: it runs as a plain application and exits once refreshed. */
	public static final String TRAINING_ENV = "PREFORKD_TRAINING";

	private static final Logger logger = LoggerFactory.getLogger(ClassCache.class);

	private static final Set<PosixFilePermission> PRIVATE = PosixFilePermissions.fromString("rwx------");

	private static final List<String> ARCHIVE_OPTIONS = List.of("-XX:SharedArchiveFile", "-XX:ArchiveClassesAtExit",
			"-XX:AOTCache", "-XX:AOTCacheOutput", "-XX:AOTMode", "-XX:AOTConfiguration", "-Xshare");

	private static final long TRAINING_TIMEOUT_MINUTES = 10;

	/** How long extracting the jar may take before the master gives up on the cache. */
	private static final long EXTRACTION_TIMEOUT_SECONDS = 120;

	/** The file in an extracted folder that records the digest of what the extraction wrote. */
	static final String EXTRACTION_DIGEST = ".prefork-extracted.sha256";

	private final JavaCommand original;

	private final Path root;

	private final int javaFeature;

	private volatile Entry entry;

	private volatile String state;

	private volatile boolean trained;

	private volatile Entry failed;

	private volatile Entry distrusted;

	/** The entry whose extraction was checked after a worker died early, and was sound. */
	private volatile Entry verified;

	private volatile Process trainer;

	private volatile Path trainingOutput;

	private ClassCache(JavaCommand original, Path root, int javaFeature) {
		this.original = original;
		this.root = root;
		this.javaFeature = javaFeature;
	}

	/**
	 * A cache that is off: workers run the master's command as it is.
	 * @param command the master's command
	 * @param reason why, for the log and the status
	 * @return the cache
	 */
	public static ClassCache off(JavaCommand command, String reason) {
		ClassCache cache = new ClassCache(command, null, Runtime.version().feature());
		cache.turnOff(reason);
		return cache;
	}

	/**
	 * Prepares the cache for a command: extracts the jar when it is a Spring Boot executable jar, and
	 * finds an archive trained earlier for the same jar, JVM and options. Never throws: what cannot be
	 * done turns the cache off, with the reason logged.
	 * @param command the master's command
	 * @param root the folder of cache entries, created private to this user
	 * @return the cache
	 */
	public static ClassCache prepare(JavaCommand command, Path root) {
		ClassCache cache = new ClassCache(command, root.toAbsolutePath(), Runtime.version().feature());
		cache.refresh();
		return cache;
	}

	/** Why the cache is off, or null when it is on. */
	static String unsupported(JavaCommand command, int javaFeature) {
		if (command.jarIndex() < 0) {
			return "the application does not run with java -jar (a class archive needs the classes in jar files, "
					+ "not in folders such as target/classes)";
		}
		for (String option : command.jvmOptions()) {
			for (String archive : ARCHIVE_OPTIONS) {
				if (option.startsWith(archive)) {
					return "the JVM options choose a class archive already (" + option + ")";
				}
			}
		}
		if (javaFeature < 17) {
			return "Java " + javaFeature + " has no dynamic class archive";
		}
		return null;
	}

	/**
	 * Looks at the jar again, as a reload does: a new jar gets a new entry, extracted now and trained
	 * once the workers serve. Blocks while extracting: call it off the master's loop.
	 */
	public synchronized void refresh() {
		if (this.root == null) {
			return;
		}
		String reason = unsupported(this.original, this.javaFeature);
		if (reason != null) {
			turnOff(reason);
			return;
		}
		try {
			Entry next = entry();
			if (this.entry != null && next.folder().equals(this.entry.folder())) {
				return;
			}
			this.entry = next;
			this.trained = Files.isRegularFile(next.archive());
			this.state = this.trained ? "ready: " + next.archive() : "untrained: " + next.folder();
			logger.info("Class cache: {}", this.trained
					? "workers map " + next.archive() + " (" + archiveKind() + ")"
					: "no " + archiveKind() + " yet for this jar and JVM in " + next.folder()
							+ "; it is trained once the workers serve");
		}
		catch (java.nio.file.FileSystemException ex) {
			turnOff("cannot write " + ex.getFile() + " (" + ex.getClass().getSimpleName() + ((ex.getReason() != null)
					? ": " + ex.getReason() : "") + "); set prefork.class-cache-dir to a folder this user can write");
		}
		catch (IOException | RuntimeException ex) {
			turnOff(ex.getMessage());
		}
	}

	private void turnOff(String reason) {
		this.entry = null;
		this.trained = false;
		this.state = "off: " + reason;
		logger.info("Class cache off: {}; workers boot as a plain java -jar does (prefork.class-cache)", reason);
	}

	/** What the cache is doing, for the status: off, untrained, training or ready, with a path or reason. */
	public String state() {
		return this.state;
	}

	/** Whether an archive should be trained now: the cache is on and has none for the current jar. */
	public boolean needsTraining() {
		Entry current = this.entry;
		return current != null && !this.trained && this.trainer == null && current != this.failed;
	}

	/** Ends a training run under way, as the master does when it stops: it leaves no process behind. */
	public void stopTraining() {
		Process running = this.trainer;
		Path partial = this.trainingOutput;
		if (running == null) {
			return;
		}
		// JDK 25 assembles the AOT cache in a child JVM of the training run
		running.descendants().forEach(ProcessHandle::destroyForcibly);
		running.destroyForcibly();
		try {
			running.waitFor(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		if (partial != null) {
			deleteQuietly(partial);
			deleteQuietly(partial.resolveSibling(partial.getFileName() + ".config"));
		}
	}

	/** The command a worker starts with now: from the extracted jar, with the archive once trained. */
	public JavaCommand workerCommand() {
		Entry current = this.entry;
		if (current == null) {
			return this.original;
		}
		return current.command(this.original,
				this.trained ? List.of(useOption(current.archive())) : List.of());
	}

	/** Whether {@link #workerCommand()} maps an archive. */
	public boolean archiveInUse() {
		return this.entry != null && this.trained;
	}

	/**
	 * Stops using the archive after a worker that mapped it died before it reached its master, in case
	 * the archive is what killed it; it is trained again once the workers serve.
	 */
	public synchronized void distrust() {
		Entry current = this.entry;
		if (current == null || !this.trained) {
			return;
		}
		this.trained = false;
		this.state = "untrained: " + current.folder();
		if (current == this.distrusted) {
			// the second time: no more training for this jar in this master's life
			this.failed = current;
		}
		this.distrusted = current;
		try {
			Files.deleteIfExists(current.archive());
		}
		catch (IOException ex) {
			// training replaces it
		}
		logger.warn("Class cache: a worker that mapped {} died before it reached the master; workers boot without "
				+ "the archive until it is trained again", current.archive());
	}

	/**
	 * Checks the extraction after a worker that ran from it died before it reached its master, in case
	 * the extraction is what killed it (a file changed or cut since it was extracted). A damaged one is
	 * removed, so that the next master or reload extracts the jar again, and workers run the jar itself
	 * from now on. An extraction is checked once per master.
	 */
	public synchronized void checkExtraction() {
		Entry current = this.entry;
		if (current == null || current == this.verified || current.jar().equals(originalJar())) {
			return;
		}
		Path extracted = current.jar().getParent();
		String damage = damage(extracted);
		if (damage == null) {
			this.verified = current;
			return;
		}
		deleteQuietly(extracted);
		deleteQuietly(current.archive());
		turnOff("the extraction in " + extracted + " is damaged (" + damage + "); it is extracted again by the "
				+ "next master or reload");
	}

	private Path originalJar() {
		return Path.of(this.original.argv().get(this.original.jarIndex() + 1)).toAbsolutePath().normalize();
	}

	/**
	 * Trains the archive: runs the application once as a plain JVM that exits when its context is
	 * refreshed (Spring Boot's {@code spring.context.exit=onRefresh}, as its CDS documentation does),
	 * with the JVM writing the archive at exit. Blocks: call it off the master's loop.
	 * @return whether an archive is ready now
	 */
	public boolean train() {
		Entry current = this.entry;
		if (current == null || this.trained) {
			return this.trained;
		}
		this.state = "training: " + current.folder();
		byte[] random = new byte[6];
		new SecureRandom().nextBytes(random);
		Path partial = current.folder().resolve(current.archive().getFileName() + ".tmp-" + ProcessHandle.current().pid()
				+ "-" + HexFormat.of().formatHex(random));
		Path log = current.folder().resolve("training.log");
		List<String> options = List.of(outputOption(partial), "-Dspring.context.exit=onRefresh");
		ProcessBuilder builder = ChildJvm.helper(current.command(this.original, options).argv());
		builder.redirectInput(Redirect.from(Path.of("/dev/null").toFile()));
		builder.redirectErrorStream(true);
		builder.redirectOutput(log.toFile());
		builder.environment().put(TRAINING_ENV, "1");
		long started = System.nanoTime();
		try {
			this.trainingOutput = partial;
			Process process = builder.start();
			this.trainer = process;
			logger.info("Class cache: training the {} in the background (pid {}, log {})", archiveKind(),
					process.pid(), log);
			if (!process.waitFor(TRAINING_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
				process.destroyForcibly();
				throw new IOException("the training run took longer than " + TRAINING_TIMEOUT_MINUTES + " minutes");
			}
			if (process.exitValue() != 0 || !Files.isRegularFile(partial)) {
				throw new IOException("the training run exited with code " + process.exitValue()
						+ (Files.isRegularFile(partial) ? "" : " and wrote no archive"));
			}
			move(partial, current.archive());
		}
		catch (IOException ex) {
			this.failed = current;
			this.trainer = null;
			this.state = "untrained: training failed, " + ex.getMessage();
			logger.warn("Class cache: {}; workers go on booting without an archive. See {}", ex.getMessage(), log);
			deleteQuietly(partial);
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.trainer = null;
			deleteQuietly(partial);
			return false;
		}
		synchronized (this) {
			this.trainer = null;
			if (current == this.entry) {
				this.trained = true;
				this.state = "ready: " + current.archive();
			}
		}
		logger.info("Class cache ready: {} ({} MB, trained in {} s); workers started from now on map it",
				current.archive(), sizeInMegabytes(current.archive()),
				String.format(Locale.ROOT, "%.1f", (System.nanoTime() - started) / 1e9));
		return true;
	}

	/** The kind of archive this JVM makes. */
	public String archiveKind() {
		return aotCache() ? "AOT cache" : "AppCDS archive";
	}

	private boolean aotCache() {
		return this.javaFeature >= 25;
	}

	private String useOption(Path archive) {
		return (aotCache() ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=") + archive;
	}

	private String outputOption(Path archive) {
		return (aotCache() ? "-XX:AOTCacheOutput=" : "-XX:ArchiveClassesAtExit=") + archive;
	}

	/** Finds or makes the entry of the current jar: extracted when it is a Spring Boot executable jar. */
	private Entry entry() throws IOException {
		List<String> argv = this.original.argv();
		int jarIndex = this.original.jarIndex();
		Path jar = Path.of(argv.get(jarIndex + 1)).toAbsolutePath().normalize();
		if (!Files.isRegularFile(jar)) {
			throw new IOException("the jar " + jar + " is not a file");
		}
		Files.createDirectories(this.root, PosixFilePermissions.asFileAttribute(PRIVATE));
		PosixFileAttributes attributes = Files.readAttributes(this.root, PosixFileAttributes.class,
				LinkOption.NOFOLLOW_LINKS);
		if (!attributes.isDirectory()) {
			throw new IOException("the folder " + this.root + " is a link or not a folder: a class archive is code "
					+ "the workers run, so the cache is only kept in a real folder; set prefork.class-cache-dir");
		}
		UserPrincipal self = Files.getOwner(Path.of("/proc/self"));
		if (!attributes.owner().equals(self)) {
			throw new IOException("the folder " + this.root + " belongs to " + attributes.owner().getName() + ", not "
					+ self.getName() + ": a class archive is code the workers run; set prefork.class-cache-dir to a "
					+ "folder of this user's");
		}
		if (!attributes.permissions().equals(PRIVATE) || !Files.isWritable(this.root)) {
			throw new IOException("the folder " + this.root + " is not private to this user (mode "
					+ PosixFilePermissions.toString(attributes.permissions())
					+ "): a class archive is code the workers run; chmod 700 it or set prefork.class-cache-dir");
		}
		String name = jar.getFileName().toString().replaceFirst("\\.jar$", "");
		Path folder = this.root.resolve(name + "-" + key(jar, rememberedDigest(jar), this.original.jvmOptions()));
		Files.createDirectories(folder);
		Path archive = folder.resolve(aotCache() ? "classes.aot" : "classes.jsa");
		if (!isExecutableJar(jar)) {
			return new Entry(folder, jar, archive, jarIndex);
		}
		Path extracted = folder.resolve("app");
		Path extractedJar = extracted.resolve(jar.getFileName());
		if (Files.exists(extracted, LinkOption.NOFOLLOW_LINKS)) {
			String damage = damage(extracted);
			if (damage == null) {
				return new Entry(folder, extractedJar, archive, jarIndex);
			}
			logger.warn("Class cache: the extraction in {} is damaged ({}); extracting the jar again", extracted,
					damage);
			deleteQuietly(extracted);
			deleteQuietly(archive);
		}
		extract(argv.get(0), jar, folder, extracted);
		return new Entry(folder, extractedJar, archive, jarIndex);
	}

	/**
	 * Why an extraction cannot be trusted, or null when it can: it must hold the digest its extraction
	 * recorded, and its files must still match it.
	 */
	static String damage(Path extracted) {
		try {
			Path recorded = extracted.resolve(EXTRACTION_DIGEST);
			if (!Files.isRegularFile(recorded, LinkOption.NOFOLLOW_LINKS)) {
				return "it records no digest: an extraction that did not finish, or one of an older version";
			}
			String[] lines = Files.readString(recorded).strip().split("\n");
			String stamps = treeStamps(extracted);
			if (lines.length == 2 && lines[1].equals(stamps)) {
				// no file was written since the digest was taken
				return null;
			}
			if (!lines[0].equals(treeDigest(extracted))) {
				return "its files changed since it was extracted";
			}
			Files.writeString(recorded, lines[0] + "\n" + stamps + "\n");
			return null;
		}
		catch (IOException | RuntimeException ex) {
			return "it cannot be read: " + ex.getMessage();
		}
	}

	/**
	 * Runs Spring Boot's {@code java -Djarmode=tools -jar app.jar extract} into a temporary folder of
	 * an unguessable name, records the digest of what it wrote, then moves it into place.
	 */
	private static void extract(String java, Path jar, Path folder, Path extracted) throws IOException {
		byte[] random = new byte[6];
		new SecureRandom().nextBytes(random);
		String unique = ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(random);
		Path partial = folder.resolve("app.tmp-" + unique);
		Path log = folder.resolve("extract.log.tmp-" + unique);
		ProcessBuilder builder = ChildJvm.helper(List.of(java, "-Djarmode=tools", "-jar", jar.toString(), "extract",
				"--destination", partial.toString()));
		builder.redirectInput(Redirect.from(Path.of("/dev/null").toFile()));
		builder.redirectErrorStream(true);
		builder.redirectOutput(log.toFile());
		String output;
		try {
			Process process = builder.start();
			try {
				if (!process.waitFor(EXTRACTION_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
					process.descendants().forEach(ProcessHandle::destroyForcibly);
					process.destroyForcibly();
					process.waitFor(5, TimeUnit.SECONDS);
					throw new IOException("extracting " + jar + " took longer than " + EXTRACTION_TIMEOUT_SECONDS
							+ " s; workers run the jar itself");
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				process.destroyForcibly();
				throw new IOException("interrupted while extracting " + jar);
			}
			output = Files.readString(log).strip();
			if (process.exitValue() != 0 || !Files.isRegularFile(partial.resolve(jar.getFileName()))) {
				long free = Files.getFileStore(folder).getUsableSpace();
				long size = Files.size(jar);
				if (free < size) {
					throw new IOException("not enough space in " + folder + " to extract " + jar + " ("
							+ free / (1024 * 1024) + " MB free, the jar alone is " + size / (1024 * 1024)
							+ " MB); free space there, or set prefork.class-cache-dir to a larger filesystem");
				}
				throw new IOException("could not extract " + jar + " with Spring Boot's jarmode tools (is the jar "
						+ "built with them? they are in by default): "
						+ output.lines().reduce((a, b) -> b).orElse("no output"));
			}
			// with the files' stamps, so that later starts need not read them (moving the folder changes none)
			Files.writeString(partial.resolve(EXTRACTION_DIGEST), treeDigest(partial) + "\n" + treeStamps(partial)
					+ "\n");
			move(partial, extracted);
		}
		catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException ex) {
			// another master extracted the same jar first
		}
		finally {
			deleteQuietly(partial);
			deleteQuietly(log);
		}
		logger.info("Class cache: extracted {} into {}", jar, extracted);
	}

	private static boolean isExecutableJar(Path jar) throws IOException {
		try (JarFile file = new JarFile(jar.toFile())) {
			Manifest manifest = file.getManifest();
			return manifest != null && manifest.getMainAttributes().getValue("Spring-Boot-Lib") != null;
		}
	}

	/**
	 * What an entry depends on: the JVM, the jar's content (a SHA-256 of its bytes: a rebuilt jar copied
	 * with its old size and time is another jar), its path and the JVM's options.
	 */
	static String key(Path jar, List<String> jvmOptions) throws IOException {
		return key(jar, HexFormat.of().formatHex(digestOf(jar)), jvmOptions);
	}

	private static String key(Path jar, String jarDigest, List<String> jvmOptions) {
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

	/**
	 * The jar's SHA-256, read from the cache when this jar file was hashed before: the digest is kept
	 * with the file's stamp (size, modification and change times, inode), and any write to the jar
	 * changes its change time, which no copy can set back. Hashing a 25 MB jar takes the small master
	 * about 0.25 s, which a start then saves.
	 */
	private String rememberedDigest(Path jar) throws IOException {
		Path memo = this.root.resolve(".jar-digests").resolve(HexFormat.of().formatHex(sha256()
			.digest(jar.toString().getBytes(StandardCharsets.UTF_8)), 0, 16));
		String stamp = stamp(jar);
		if (Files.isRegularFile(memo, LinkOption.NOFOLLOW_LINKS)) {
			String[] remembered = Files.readString(memo).strip().split(" ");
			if (remembered.length == 2 && remembered[0].equals(stamp)) {
				return remembered[1];
			}
		}
		String digest = HexFormat.of().formatHex(digestOf(jar));
		Files.createDirectories(memo.getParent());
		Path partial = memo.resolveSibling(memo.getFileName() + ".tmp-" + ProcessHandle.current().pid() + "-"
				+ Long.toHexString(new SecureRandom().nextLong()));
		Files.writeString(partial, stamp + " " + digest + "\n");
		move(partial, memo);
		return digest;
	}

	/** What changes with any write to a file: its size, modification and change times, and inode. */
	static String stamp(Path file) throws IOException {
		var attributes = Files.readAttributes(file, "unix:size,lastModifiedTime,ctime,ino", LinkOption.NOFOLLOW_LINKS);
		return attributes.get("size") + ":" + ((FileTime) attributes.get("lastModifiedTime")).toMillis() + ":"
				+ ((FileTime) attributes.get("ctime")).to(TimeUnit.NANOSECONDS) + ":" + attributes.get("ino");
	}

	/** The SHA-256 of a file's bytes. */
	private static byte[] digestOf(Path file) throws IOException {
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
	static String treeDigest(Path folder) throws IOException {
		return overFiles(folder, ClassCache::digestOf);
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
				.filter((file) -> !file.getFileName().toString().equals(EXTRACTION_DIGEST))
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

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void move(Path from, Path to) throws IOException {
		try {
			Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (AtomicMoveNotSupportedException ex) {
			Files.move(from, to);
		}
	}

	private static long sizeInMegabytes(Path file) {
		try {
			return Files.size(file) / (1024 * 1024);
		}
		catch (IOException ex) {
			return 0;
		}
	}

	private static void deleteQuietly(Path path) {
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
	 * One jar's entry in the cache.
	 *
	 * @param folder the entry's folder
	 * @param jar the jar workers run: the extracted one, or the original when it needs no extraction
	 * @param archive where the trained archive lives
	 * @param jarIndex where {@code -jar} is in the master's command
	 */
	record Entry(Path folder, Path jar, Path archive, int jarIndex) {

		/** The master's command with JVM options added before {@code -jar} and this entry's jar. */
		JavaCommand command(JavaCommand original, List<String> options) {
			List<String> argv = new ArrayList<>(original.argv().subList(0, this.jarIndex));
			argv.addAll(options);
			argv.add("-jar");
			argv.add(this.jar.toString());
			argv.addAll(original.argv().subList(this.jarIndex + 2, original.argv().size()));
			return new JavaCommand(argv);
		}

	}

}
