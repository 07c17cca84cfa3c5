package dev.prefork.core.master;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

class PidFileTests {

	@TempDir
	Path folder;

	@Test
	void writesThePidAndRemovesItOnClose() throws IOException {
		Path path = this.folder.resolve("run/app.pid");
		try (PidFile pidfile = PidFile.write(path, 4242)) {
			assertThat(Files.readString(path)).isEqualTo("4242\n");
		}
		assertThat(path).doesNotExist();
	}

	@Test
	void aFileLeftByADeadMasterIsReplaced() throws Exception {
		Process gone = new ProcessBuilder("true").start();
		gone.waitFor();
		Path path = this.folder.resolve("app.pid");
		Files.writeString(path, gone.pid() + "\n");
		try (PidFile pidfile = PidFile.write(path, 4242)) {
			assertThat(PidFile.read(path)).isEqualTo(4242);
		}
	}

	@Test
	void aFileNamingALiveProcessStopsTheStart() throws IOException {
		Path path = this.folder.resolve("app.pid");
		long live = ProcessHandle.current().pid();
		Files.writeString(path, live + "\n");
		assertThatIOException().isThrownBy(() -> PidFile.write(path, 4242))
			.withMessageContaining("names process " + live + ", which is running");
		assertThat(PidFile.read(path)).isEqualTo(live);
	}

	@Test
	void closeLeavesAFileThatNamesAnotherMaster() throws IOException {
		Path path = this.folder.resolve("app.pid");
		PidFile pidfile = PidFile.write(path, 4242);
		Files.writeString(path, "777\n");
		pidfile.close();
		assertThat(PidFile.read(path)).isEqualTo(777);
	}

}
