package dev.prefork.core.spawn;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the class cache applies, and the commands it gives workers, without starting JVMs (the
 * extraction and training runs are covered by {@code ClassCacheIT}).
 */
class ClassCacheTests {

	@TempDir
	Path folder;

	@Test
	void onlyAJavaDashJarLaunchWithoutAnArchiveOptionCanHaveOne() {
		assertThat(ClassCache.unsupported(WorkerCommand.of(List.of("java", "-cp", "target/classes", "app.Main")), 17))
			.contains("does not run with java -jar");
		assertThat(ClassCache.unsupported(WorkerCommand.of(List.of("java", "-XX:SharedArchiveFile=my.jsa", "-jar",
				"app.jar")), 17))
			.contains("choose a class archive already (-XX:SharedArchiveFile=my.jsa)");
		assertThat(ClassCache.unsupported(WorkerCommand.of(List.of("java", "-Xshare:off", "-jar", "app.jar")), 25))
			.contains("-Xshare:off");
		assertThat(ClassCache.unsupported(WorkerCommand.of(List.of("java", "-jar")), 17)).isNotNull();
		assertThat(ClassCache.unsupported(WorkerCommand.of(List.of("java", "-Xmx1g", "-jar", "app.jar", "--a")), 17))
			.isNull();
	}

	@Test
	void offRunsTheMastersCommandAsItIs() {
		WorkerCommand command = WorkerCommand.of(List.of("java", "-jar", "app.jar"));
		ClassCache cache = ClassCache.off(command, "prefork.class-cache is off");
		assertThat(cache.workerCommand()).isEqualTo(command);
		assertThat(cache.needsTraining()).isFalse();
		assertThat(cache.archiveInUse()).isFalse();
		assertThat(cache.state()).isEqualTo("off: prefork.class-cache is off");
	}

	@Test
	void aJarThatIsNotAnExecutableSpringBootJarIsUsedWhereItIsUntilTrained() throws IOException {
		Path jar = plainJar();
		WorkerCommand command = WorkerCommand.of(List.of("java", "-Xmx1g", "-jar", jar.toString(), "--server.port=0"));
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
		WorkerCommand command = WorkerCommand.of(List.of("java", "-Xmx1g", "-jar", jar.toString(), "--server.port=0"));
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
		ClassCache a = ClassCache.prepare(WorkerCommand.of(List.of("java", "-jar", jar.toString())),
				this.folder.resolve("cache"));
		ClassCache b = ClassCache.prepare(WorkerCommand.of(List.of("java", "-XX:+UseSerialGC", "-jar", jar.toString())),
				this.folder.resolve("cache"));
		assertThat(a.state()).isNotEqualTo(b.state());
	}

	@Test
	void aFolderOthersCanWriteIsRefused() throws IOException {
		Path shared = Files.createDirectories(this.folder.resolve("shared"));
		Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
		ClassCache cache = ClassCache.prepare(WorkerCommand.of(List.of("java", "-jar", plainJar().toString())), shared);
		assertThat(cache.state()).startsWith("off: the folder " + shared + " is not private to this user (mode rwxrwxrwx)")
			.contains("chmod 700");
		assertThat(cache.needsTraining()).isFalse();
	}

	@Test
	void aFolderThatCannotBeMadeTurnsTheCacheOffWithWhatToDo() throws IOException {
		Path file = Files.writeString(this.folder.resolve("not-a-folder"), "x");
		ClassCache cache = ClassCache.prepare(WorkerCommand.of(List.of("java", "-jar", plainJar().toString())), file);
		assertThat(cache.state()).startsWith("off: cannot write " + file + " (FileAlreadyExistsException")
			.endsWith("set prefork.class-cache-dir to a folder this user can write");
		assertThat(cache.workerCommand().argv()).containsExactly("java", "-jar", plainJar().toString());
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
