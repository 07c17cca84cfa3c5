package dev.prefork.autoconfigure.diagnostics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import dev.prefork.autoconfigure.master.PreforkBinding;
import dev.prefork.core.master.RuntimeDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.mock.env.MockEnvironment;

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
	void anUnknownPreforkPropertyIsNamedWithTheClosestKnownOne() {
		MockEnvironment environment = new MockEnvironment().withProperty("prefork.wokers", "4")
			.withProperty("prefork.gracefull-timeout", "5s")
			.withProperty("prefork.zzzzzzzz", "1");
		Throwable failure = catchThrowable(() -> PreforkBinding.bind(environment, 2));
		FailureAnalysis analysis = new UnknownPreforkPropertyFailureAnalyzer().analyze(failure);
		assertThat(analysis.getDescription())
			.startsWith("prefork has no properties prefork.gracefull-timeout, prefork.wokers, prefork.zzzzzzzz:")
			.contains("Property: prefork.wokers\n    Value: \"4\"")
			.contains("Reason: no such setting; did you mean prefork.workers?")
			.contains("Reason: no such setting; did you mean prefork.graceful-timeout?")
			.contains("Property: prefork.zzzzzzzz\n    Value: \"1\"\n    Origin: \"prefork.zzzzzzzz\" from property "
					+ "source \"mockProperties\"\n    Reason: no such setting\n");
		assertThat(analysis.getAction()).contains("--prefork.print-config");
	}

	@Test
	void unknownPropertiesOutsidePreforkAreLeftToSpringBoot() {
		assertThat(new UnknownPreforkPropertyFailureAnalyzer(List.of("prefork.workers"))
			.analyze(new IllegalStateException("no binding here"))).isNull();
	}

	@Test
	void anApplicationWithoutTomcatIsRefusedWithTheWayOut() {
		ClassLoader withoutTomcat = new FilteredClassLoader(UnsupportedWebServerException.TOMCAT);
		Throwable failure = catchThrowable(() -> UnsupportedWebServerException.check(withoutTomcat));
		FailureAnalysis analysis = new UnsupportedWebServerFailureAnalyzer().analyze(failure);
		assertThat(analysis.getDescription()).isEqualTo("prefork's workers serve on Tomcat, and this application's "
				+ "servlet web server is not Tomcat (org.apache.catalina.startup.Tomcat is not on the class path).");
		assertThat(analysis.getAction()).contains("spring-boot-starter-jetty").contains("prefork.enabled=false");
	}

	@Test
	void anApplicationOnTomcatIsServed() {
		assertThatNoException().isThrownBy(() -> UnsupportedWebServerException.check(getClass().getClassLoader()));
	}

	@Test
	void thisLinuxMachineIsSupported() {
		assertThatNoException().isThrownBy(UnsupportedPlatformException::check);
	}

}
