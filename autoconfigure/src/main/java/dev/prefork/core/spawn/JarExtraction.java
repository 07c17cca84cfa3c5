package dev.prefork.core.spawn;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Spring Boot executable jar extracted with its jarmode tools into the class cache, and the digest
 * that says whether an extraction can still be trusted: the digest of what it wrote, recorded with
 * the files' stamps so that a later start need not read them again.
 */
final class JarExtraction {

	private static final Logger logger = LoggerFactory.getLogger(ClassCache.class);

	/** How long extracting the jar may take before the master gives up on the cache. */
	private static final long EXTRACTION_TIMEOUT_SECONDS = 120;

	/** The file in an extracted folder that records the digest of what the extraction wrote. */
	static final String EXTRACTION_DIGEST = ".prefork-extracted.sha256";

	private JarExtraction() {
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
			String stamps = FileDigests.treeStamps(extracted);
			if (lines.length == 2 && lines[1].equals(stamps)) {
				// no file was written since the digest was taken
				return null;
			}
			if (!lines[0].equals(FileDigests.tree(extracted))) {
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
	static void extract(String java, Path jar, Path folder, Path extracted) throws IOException {
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
			Files.writeString(partial.resolve(EXTRACTION_DIGEST), FileDigests.tree(partial) + "\n" + FileDigests.treeStamps(partial)
					+ "\n");
			CacheFiles.move(partial, extracted);
		}
		catch (FileAlreadyExistsException | DirectoryNotEmptyException ex) {
			// another master extracted the same jar first
		}
		finally {
			CacheFiles.deleteQuietly(partial);
			CacheFiles.deleteQuietly(log);
		}
		logger.info("Class cache: extracted {} into {}", jar, extracted);
	}

	/** Whether a jar is a Spring Boot executable jar, which the jarmode tools extract. */
	static boolean isExecutableJar(Path jar) throws IOException {
		try (JarFile file = new JarFile(jar.toFile())) {
			Manifest manifest = file.getManifest();
			return manifest != null && manifest.getMainAttributes().getValue("Spring-Boot-Lib") != null;
		}
	}

}
