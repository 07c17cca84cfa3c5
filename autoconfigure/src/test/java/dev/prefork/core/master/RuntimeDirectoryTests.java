package dev.prefork.core.master;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * The master's runtime folder against a neighbour who got there first, on the real file system.
 */
class RuntimeDirectoryTests {

	@TempDir
	Path base;

	@Test
	void thePredictableFolderIsCreatedPrivateAndRemovedOnClose() throws IOException {
		Path preferred = this.base.resolve("prefork-" + ProcessHandle.current().pid());
		try (RuntimeDirectory runtime = RuntimeDirectory.createDefault(preferred)) {
			assertThat(runtime.path()).isEqualTo(preferred);
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(preferred))).isEqualTo("rwx------");
		}
		assertThat(preferred).doesNotExist();
	}

	@Test
	void aFolderHeldByAMasterIsRefusedToASecondAndFreeAgainOnClose() throws IOException {
		Path chosen = this.base.resolve("run");
		try (RuntimeDirectory first = RuntimeDirectory.create(chosen)) {
			assertThat(Files.readString(chosen.resolve(RuntimeDirectory.LOCK_FILE)).strip())
				.isEqualTo(Long.toString(ProcessHandle.current().pid()));
			assertThatExceptionOfType(RuntimeDirectory.InUseException.class)
				.isThrownBy(() -> RuntimeDirectory.create(chosen))
				.withMessage("Runtime folder " + chosen + " is in use by master pid " + ProcessHandle.current().pid())
				.satisfies((ex) -> assertThat(ex.holder()).isEqualTo(ProcessHandle.current().pid()));
			assertThat(first.path()).isEqualTo(chosen);
		}
		assertThat(chosen).doesNotExist();
		try (RuntimeDirectory again = RuntimeDirectory.create(chosen)) {
			assertThat(again.path()).isEqualTo(chosen);
		}
	}

	@Test
	void anUpgradeMovesTheFolderAsideOverALeftoverOneAndTheNewMasterCreatesItsOwn() throws IOException {
		Path chosen = this.base.resolve("run");
		Path aside = this.base.resolve("run.oldbin");
		// a killed master's moved folder, held by nobody
		Files.createDirectory(aside, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		Files.writeString(aside.resolve(RuntimeDirectory.LOCK_FILE), "1\n");
		Files.writeString(aside.resolve("control.sock"), "");
		try (RuntimeDirectory old = RuntimeDirectory.create(chosen)) {
			Files.writeString(chosen.resolve("channel.sock"), "");
			old.moveTo(aside);
			assertThat(old.path()).isEqualTo(aside);
			assertThat(aside.resolve("channel.sock")).exists();
			assertThat(aside.resolve("control.sock")).doesNotExist();
			assertThat(chosen).doesNotExist();
			try (RuntimeDirectory successor = RuntimeDirectory.create(chosen)) {
				assertThat(successor.path()).isEqualTo(chosen);
			}
		}
		assertThat(aside).doesNotExist();
	}

	@Test
	void aLinkAtThePredictableNameIsNeverFollowedAndAFreshFolderIsUsed() throws IOException {
		Path elsewhere = Files.createDirectory(this.base.resolve("elsewhere"),
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		Path preferred = Files.createSymbolicLink(this.base.resolve("prefork-" + ProcessHandle.current().pid()),
				elsewhere);
		try (RuntimeDirectory runtime = RuntimeDirectory.createDefault(preferred)) {
			assertThat(runtime.path().getFileName().toString())
				.matches("prefork-" + ProcessHandle.current().pid() + "-[0-9a-f]{8}");
			assertThat(runtime.path()).isDirectory();
		}
		assertThat(preferred).isSymbolicLink();
		assertThat(elsewhere).isEmptyDirectory();
	}

	@Test
	void aFolderAnotherUserCreatedAtThePredictableNameIsLeftAloneAndAChosenOneRefused() throws IOException {
		assumeThat(System.getProperty("user.name")).as("giving a folder to nobody needs root").isEqualTo("root");
		UserPrincipal nobody = this.base.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
		Path preferred = Files.createDirectory(this.base.resolve("prefork-" + ProcessHandle.current().pid()),
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		Files.setOwner(preferred, nobody);
		try (RuntimeDirectory runtime = RuntimeDirectory.createDefault(preferred)) {
			assertThat(runtime.path()).isNotEqualTo(preferred);
		}
		assertThat(Files.getOwner(preferred)).isEqualTo(nobody);
		assertThatExceptionOfType(RuntimeDirectory.NotPrivateException.class)
			.isThrownBy(() -> RuntimeDirectory.create(preferred))
			.withMessageEndingWith("it belongs to nobody, not root");
	}

	@Test
	void aChosenFolderMustBeARealPrivateFolder() throws IOException {
		Path open = Files.createDirectory(this.base.resolve("open"),
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-x---")));
		assertThatExceptionOfType(RuntimeDirectory.NotPrivateException.class)
			.isThrownBy(() -> RuntimeDirectory.create(open))
			.withMessageEndingWith("it is open to other users (rwxr-x---)");
		Path link = Files.createSymbolicLink(this.base.resolve("link"), open);
		assertThatExceptionOfType(RuntimeDirectory.NotPrivateException.class)
			.isThrownBy(() -> RuntimeDirectory.create(link))
			.withMessageEndingWith("it is a link");
	}

	@Test
	void theFoldersOfThisUsersMastersThatAreGoneAreRemoved() throws Exception {
		Process gone = new ProcessBuilder("true").start();
		gone.waitFor();
		Path stale = Files.createDirectory(this.base.resolve("prefork-" + gone.pid()),
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		Files.writeString(stale.resolve("control.sock"), "");
		Path live = Files.createDirectory(this.base.resolve("prefork-" + ProcessHandle.current().pid() + "-0a1b2c3d"),
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		RuntimeDirectory.removeStale(this.base);
		assertThat(stale).doesNotExist();
		assertThat(live).isDirectory();
	}

	@Test
	void theLockNotThePidInTheNameTellsAStaleFolderAsInAnotherPidNamespace() throws Exception {
		Process gone = new ProcessBuilder("true").start();
		gone.waitFor();
		// a live master whose pid is another namespace's: its number is free here
		Path held = this.base.resolve("prefork-" + gone.pid());
		try (RuntimeDirectory other = RuntimeDirectory.createDefault(held)) {
			// left by a dead master whose pid number is taken here (by this JVM)
			Path unheld = Files.createDirectory(this.base.resolve("prefork-" + ProcessHandle.current().pid() + "-00ff00ff"),
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
			Files.writeString(unheld.resolve(RuntimeDirectory.LOCK_FILE), "1\n");
			RuntimeDirectory.removeStale(this.base);
			assertThat(held).isDirectory();
			assertThat(unheld).doesNotExist();
			// a master given the held folder's name goes elsewhere instead of emptying it
			try (RuntimeDirectory second = RuntimeDirectory.createDefault(held)) {
				assertThat(second.path()).isNotEqualTo(held);
				assertThat(held.resolve(RuntimeDirectory.LOCK_FILE)).exists();
			}
		}
	}

}
