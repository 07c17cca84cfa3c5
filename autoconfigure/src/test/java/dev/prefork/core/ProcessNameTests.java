package dev.prefork.core;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessNameTests {

	@Test
	void theRoleAlwaysFitsInTheKernelsFifteenBytes() {
		assertThat(ProcessName.master("prefork")).isEqualTo("prefork:master");
		assertThat(ProcessName.worker("prefork", 3)).isEqualTo("prefork:w3");
		assertThat(ProcessName.worker("shop", 1024)).isEqualTo("shop:w1024");
		assertThat(ProcessName.worker("abcdefgh", 1024)).isEqualTo("abcdefgh:w1024").hasSize(14);
		assertThat(ProcessName.master("abcdefgh")).hasSize(15);
		assertThat(ProcessName.MAX_PREFIX + ":master".length()).isEqualTo(ProcessName.MAX_LENGTH);
		assertThat(ProcessName.worker("abcdefghijkl", 1)).isEqualTo("abcdefghijkl:w1");
	}

	@Test
	void aProcessNamesItselfForPs() throws Exception {
		Path comm = Path.of("/proc/self/comm");
		String before = Files.readString(comm).strip();
		try {
			ProcessName.set("prefork:test");
			assertThat(Files.readString(comm).strip()).isEqualTo("prefork:test");
		}
		finally {
			ProcessName.set(before);
		}
	}

}
