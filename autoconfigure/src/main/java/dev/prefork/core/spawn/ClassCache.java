package dev.prefork.core.spawn;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

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

	private static final List<String> ARCHIVE_OPTIONS = List.of("-XX:SharedArchiveFile", "-XX:ArchiveClassesAtExit",
			"-XX:AOTCache", "-XX:AOTCacheOutput", "-XX:AOTMode", "-XX:AOTConfiguration", "-Xshare");

	private static final long TRAINING_TIMEOUT_MINUTES = 10;


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
			CacheFiles.deleteQuietly(partial);
			CacheFiles.deleteQuietly(partial.resolveSibling(partial.getFileName() + ".config"));
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
		String damage = JarExtraction.damage(extracted);
		if (damage == null) {
			this.verified = current;
			return;
		}
		CacheFiles.deleteQuietly(extracted);
		CacheFiles.deleteQuietly(current.archive());
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
			CacheFiles.move(partial, current.archive());
		}
		catch (IOException ex) {
			this.failed = current;
			this.trainer = null;
			this.state = "untrained: training failed, " + ex.getMessage();
			logger.warn("Class cache: {}; workers go on booting without an archive. See {}", ex.getMessage(), log);
			CacheFiles.deleteQuietly(partial);
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.trainer = null;
			CacheFiles.deleteQuietly(partial);
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
				current.archive(), CacheFiles.sizeInMegabytes(current.archive()),
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
		CacheFiles.privateFolder(this.root);
		String name = jar.getFileName().toString().replaceFirst("\\.jar$", "");
		Path folder = this.root.resolve(name + "-" + FileDigests.key(jar, FileDigests.remembered(this.root, jar), this.original.jvmOptions()));
		Files.createDirectories(folder);
		Path archive = folder.resolve(aotCache() ? "classes.aot" : "classes.jsa");
		if (!JarExtraction.isExecutableJar(jar)) {
			return new Entry(folder, jar, archive, jarIndex);
		}
		Path extracted = folder.resolve("app");
		Path extractedJar = extracted.resolve(jar.getFileName());
		if (Files.exists(extracted, LinkOption.NOFOLLOW_LINKS)) {
			String damage = JarExtraction.damage(extracted);
			if (damage == null) {
				return new Entry(folder, extractedJar, archive, jarIndex);
			}
			logger.warn("Class cache: the extraction in {} is damaged ({}); extracting the jar again", extracted,
					damage);
			CacheFiles.deleteQuietly(extracted);
			CacheFiles.deleteQuietly(archive);
		}
		JarExtraction.extract(argv.get(0), jar, folder, extracted);
		return new Entry(folder, extractedJar, archive, jarIndex);
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
