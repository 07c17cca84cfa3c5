package dev.prefork.core.spawn;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * When the class cache applies, and the commands it gives workers, without starting JVMs (the
 * extraction and training runs are covered by {@code ClassCacheIT}).
 */
class ClassCacheTests {

	@TempDir
	Path folder;

	@Test
	void onlyAJavaDashJarLaunchWithoutAnArchiveOptionCanHaveOne() {
		assertThat(ClassCache.unsupported(JavaCommand.of(List.of("java", "-cp", "target/classes", "app.Main")), 17))
			.contains("does not run with java -jar");
		assertThat(ClassCache.unsupported(JavaCommand.of(List.of("java", "-XX:SharedArchiveFile=my.jsa", "-jar",
				"app.jar")), 17))
			.contains("choose a class archive already (-XX:SharedArchiveFile=my.jsa)");
		assertThat(ClassCache.unsupported(JavaCommand.of(List.of("java", "-Xshare:off", "-jar", "app.jar")), 25))
			.contains("-Xshare:off");
		assertThat(ClassCache.unsupported(JavaCommand.of(List.of("java", "-jar")), 17)).isNotNull();
		assertThat(ClassCache.unsupported(JavaCommand.of(List.of("java", "-Xmx1g", "-jar", "app.jar", "--a")), 17))
			.isNull();
	}

	@Test
	void offRunsTheMastersCommandAsItIs() {
		JavaCommand command = JavaCommand.of(List.of("java", "-jar", "app.jar"));
		ClassCache cache = ClassCache.off(command, "prefork.class-cache is off");
		assertThat(cache.workerCommand()).isEqualTo(command);
		assertThat(cache.needsTraining()).isFalse();
		assertThat(cache.archiveInUse()).isFalse();
		assertThat(cache.state()).isEqualTo("off: prefork.class-cache is off");
	}

	@Test
	void aJarThatIsNotAnExecutableSpringBootJarIsUsedWhereItIsUntilTrained() throws IOException {
		Path jar = plainJar();
		JavaCommand command = JavaCommand.of(List.of("java", "-Xmx1g", "-jar", jar.toString(), "--server.port=0"));
		ClassCache cache = ClassCache.prepare(command, this.folder.resolve("cache"));
		assertThat(cache.needsTraining()).isTrue();
		assertThat(cache.archiveInUse()).isFalse();
		assertThat(cache.workerCommand()).isEqualTo(command);
		assertThat(cache.state()).startsWith("untrained: " + this.folder.resolve("cache"));
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(this.folder.resolve("cache"))))
			.isEqualTo("rwx------");
	}

	@Test
	void anArchiveTrainedEarlierIsMappedByEveryWorker() throws IOException {
		Path jar = plainJar();
		JavaCommand command = JavaCommand.of(List.of("java", "-Xmx1g", "-jar", jar.toString(), "--server.port=0"));
		ClassCache first = ClassCache.prepare(command, this.folder.resolve("cache"));
		Path archive = Path.of(first.state().substring("untrained: ".length()))
			.resolve((Runtime.version().feature() >= 25) ? "classes.aot" : "classes.jsa");
		Files.writeString(archive, "trained earlier");
		ClassCache second = ClassCache.prepare(command, this.folder.resolve("cache"));
		String option = (Runtime.version().feature() >= 25) ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=";
		assertThat(second.workerCommand().argv()).containsExactly("java", "-Xmx1g", option + archive, "-jar",
				jar.toString(), "--server.port=0");
		assertThat(second.needsTraining()).isFalse();
		second.distrust();
		assertThat(archive).doesNotExist();
		assertThat(second.workerCommand()).isEqualTo(command);
		assertThat(second.needsTraining()).as("trained again once").isTrue();
	}

	@Test
	void otherJvmOptionsMakeAnotherEntry() throws IOException {
		Path jar = plainJar();
		ClassCache a = ClassCache.prepare(JavaCommand.of(List.of("java", "-jar", jar.toString())),
				this.folder.resolve("cache"));
		ClassCache b = ClassCache.prepare(JavaCommand.of(List.of("java", "-XX:+UseSerialGC", "-jar", jar.toString())),
				this.folder.resolve("cache"));
		assertThat(a.state()).isNotEqualTo(b.state());
	}

	@Test
	void aFolderOthersCanWriteIsRefused() throws IOException {
		Path shared = Files.createDirectories(this.folder.resolve("shared"));
		Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
		ClassCache cache = ClassCache.prepare(JavaCommand.of(List.of("java", "-jar", plainJar().toString())), shared);
		assertThat(cache.state()).startsWith("off: the folder " + shared + " is not private to this user (mode rwxrwxrwx)")
			.contains("chmod 700");
		assertThat(cache.needsTraining()).isFalse();
	}

	@Test
	void aFolderThatCannotBeMadeTurnsTheCacheOffWithWhatToDo() throws IOException {
		Path file = Files.writeString(this.folder.resolve("not-a-folder"), "x");
		ClassCache cache = ClassCache.prepare(JavaCommand.of(List.of("java", "-jar", plainJar().toString())), file);
		assertThat(cache.state()).startsWith("off: cannot write " + file + " (FileAlreadyExistsException")
			.endsWith("set prefork.class-cache-dir to a folder this user can write");
		assertThat(cache.workerCommand().argv()).containsExactly("java", "-jar", plainJar().toString());
	}

	@Test
	void aRebuiltJarWithTheSameSizeAndTimeIsAnotherEntry() throws IOException {
		Path jar = this.folder.resolve("app.jar");
		Files.writeString(jar, "build one");
		FileTime time = Files.getLastModifiedTime(jar);
		String first = FileDigests.key(jar, List.of("-Xmx1g"));
		Files.writeString(jar, "build two");
		Files.setLastModifiedTime(jar, time);
		assertThat(FileDigests.key(jar, List.of("-Xmx1g"))).isNotEqualTo(first);
		Files.writeString(jar, "build one");
		assertThat(FileDigests.key(jar, List.of("-Xmx1g"))).isEqualTo(first);
		assertThat(FileDigests.key(jar, List.of("-Xmx2g"))).isNotEqualTo(first);
	}

	@Test
	void aJarReplacedByAnotherOfTheSameSizeAndTimeGetsItsOwnEntryThoughItsDigestIsRemembered() throws IOException {
		Path jar = jarWithMain("app.MainA", "app.jar");
		Path rebuilt = jarWithMain("app.MainB", "rebuilt.jar");
		assertThat(Files.size(rebuilt)).isEqualTo(Files.size(jar));
		JavaCommand command = JavaCommand.of(List.of("java", "-jar", jar.toString()));
		Path cache = this.folder.resolve("cache");
		String first = ClassCache.prepare(command, cache).state();
		assertThat(ClassCache.prepare(command, cache).state()).as("the remembered digest").isEqualTo(first);
		FileTime time = Files.getLastModifiedTime(jar);
		Files.copy(rebuilt, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		Files.setLastModifiedTime(jar, time);
		assertThat(ClassCache.prepare(command, cache).state()).as("cp -p of a rebuilt jar").isNotEqualTo(first);
	}

	@Test
	void anExtractionIsTrustedOnlyWithTheDigestItRecordedAndFilesThatStillMatchIt() throws IOException {
		Path extracted = Files.createDirectories(this.folder.resolve("app/lib"));
		Files.writeString(extracted.resolve("a.jar"), "a");
		Path app = extracted.getParent();
		assertThat(JarExtraction.damage(app)).startsWith("it records no digest");
		Files.writeString(app.resolve(JarExtraction.EXTRACTION_DIGEST), FileDigests.tree(app));
		assertThat(JarExtraction.damage(app)).isNull();
		Files.writeString(extracted.resolve("a.jar"), "b");
		assertThat(JarExtraction.damage(app)).isEqualTo("its files changed since it was extracted");
		Files.writeString(extracted.resolve("a.jar"), "a");
		Files.writeString(extracted.resolve("b.jar"), "added");
		assertThat(JarExtraction.damage(app)).isEqualTo("its files changed since it was extracted");
	}

	@Test
	void aWorkerThatDiesEarlyFromADamagedExtractionTurnsTheCacheOffUntilTheNextExtraction() throws IOException {
		// a damaged extraction found at start is extracted again (ClassCacheIT: that needs a real JVM)
		Path jar = bootJar();
		JavaCommand command = JavaCommand.of(List.of("java", "-jar", jar.toString()));
		Path cache = Files.createDirectory(this.folder.resolve("cache"),
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		// an extraction made earlier, as a master leaves it
		Path app = Files.createDirectories(cache.resolve("boot-" + FileDigests.key(jar, List.of())).resolve("app"));
		Files.copy(jar, app.resolve("boot.jar"));
		Files.writeString(app.resolve(JarExtraction.EXTRACTION_DIGEST), FileDigests.tree(app));
		ClassCache sound = ClassCache.prepare(command, cache);
		assertThat(sound.state()).startsWith("untrained");
		assertThat(sound.workerCommand().argv()).containsExactly("java", "-jar", app.resolve("boot.jar").toString());
		sound.checkExtraction();
		assertThat(sound.workerCommand().argv()).as("a sound extraction stays").contains(app.resolve("boot.jar").toString());
		ClassCache running = ClassCache.prepare(command, cache);
		Files.writeString(app.resolve("boot.jar"), "cut short");
		running.checkExtraction();
		assertThat(running.workerCommand()).isEqualTo(command);
		assertThat(running.state()).startsWith("off: the extraction in " + app + " is damaged (its files changed "
				+ "since it was extracted)");
		assertThat(app).doesNotExist();
	}

	@Test
	void aCacheFolderThatIsALinkIsRefused() throws IOException {
		Path real = Files.createDirectory(this.folder.resolve("real"),
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		Path link = Files.createSymbolicLink(this.folder.resolve("link"), real);
		ClassCache cache = ClassCache.prepare(JavaCommand.of(List.of("java", "-jar", plainJar().toString())), link);
		assertThat(cache.state()).startsWith("off: the folder " + link + " is a link or not a folder");
	}

	@Test
	void aCacheFolderOfAnotherUserIsRefused() throws IOException {
		assumeThat(System.getProperty("user.name")).as("giving a folder to nobody needs root").isEqualTo("root");
		Path theirs = Files.createDirectory(this.folder.resolve("theirs"),
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		Files.setOwner(theirs, theirs.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
		ClassCache cache = ClassCache.prepare(JavaCommand.of(List.of("java", "-jar", plainJar().toString())), theirs);
		assertThat(cache.state()).startsWith("off: the folder " + theirs + " belongs to nobody, not root");
	}

	private Path jarWithMain(String main, String name) throws IOException {
		Path jar = this.folder.resolve(name);
		Manifest manifest = new Manifest();
		manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
		manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, main);
		try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
			// the manifest is all it needs
		}
		return jar;
	}

	/** A jar whose manifest says it is a Spring Boot executable jar; extracting it needs a real JVM. */
	private Path bootJar() throws IOException {
		Path jar = this.folder.resolve("boot.jar");
		Manifest manifest = new Manifest();
		manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
		manifest.getMainAttributes().put(new Attributes.Name("Spring-Boot-Lib"), "BOOT-INF/lib/");
		try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
			// the manifest is all it needs
		}
		return jar;
	}

	private Path plainJar() throws IOException {
		Path jar = this.folder.resolve("plain.jar");
		if (!Files.exists(jar)) {
			Manifest manifest = new Manifest();
			manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
			manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "app.Main");
			try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
				// the manifest is all it needs
			}
		}
		return jar;
	}

}
