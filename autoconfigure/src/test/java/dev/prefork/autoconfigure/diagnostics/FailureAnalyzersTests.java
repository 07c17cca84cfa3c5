package dev.prefork.autoconfigure.diagnostics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import dev.prefork.core.master.RuntimeDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowable;

class FailureAnalyzersTests {

	@TempDir
	Path folder;

	@Test
	void aRuntimeFolderOpenToOthersIsExplainedWithTheFix() throws IOException {
		Path open = Files.createDirectory(this.folder.resolve("runtime"),
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
		Throwable failure = catchThrowable(() -> {
			try {
				RuntimeDirectory.create(open);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex.getMessage(), ex);
			}
		});
		FailureAnalysis analysis = new RuntimeDirectoryNotPrivateFailureAnalyzer().analyze(failure);
		assertThat(analysis.getDescription()).contains(open.toString()).contains("(rwxr-xr-x)");
		assertThat(analysis.getAction()).contains("chmod 700 " + open).contains("prefork.runtime-dir");
	}

	@Test
	void anUnsupportedPlatformPointsToThePlainJvm() {
		FailureAnalysis analysis = new UnsupportedPlatformFailureAnalyzer()
			.analyze(new IllegalStateException(new UnsupportedPlatformException("prefork needs Linux's /proc")));
		assertThat(analysis.getDescription()).isEqualTo("prefork needs Linux's /proc.");
		assertThat(analysis.getAction()).contains("prefork.enabled=false");
	}

	@Test
	void thisLinuxMachineIsSupported() {
		assertThatNoException().isThrownBy(UnsupportedPlatformException::check);
	}

}
