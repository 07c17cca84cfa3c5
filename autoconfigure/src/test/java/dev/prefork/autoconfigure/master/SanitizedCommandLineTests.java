package dev.prefork.autoconfigure.master;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SanitizedCommandLineTests {

	@Test
	void valuesOfSensitivePropertiesAreMaskedAsSpringBootMasksThem() {
		assertThat(SanitizedCommandLine.of(List.of("java", "-Dapp.api-token=t0k3n", "-Xmx1g", "-jar", "app.jar",
				"--spring.datasource.password=hunter2", "--server.port=8080", "--aws.SECRET_ACCESS=abc",
				"--server.ssl.key-store-password=x", "--SPRING_APPLICATION_JSON={\"a\":1}", "--prefork.workers=4")))
			.isEqualTo("java -Dapp.api-token=****** -Xmx1g -jar app.jar --spring.datasource.password=****** "
					+ "--server.port=8080 --aws.SECRET_ACCESS=****** --server.ssl.key-store-password=****** "
					+ "--SPRING_APPLICATION_JSON=****** --prefork.workers=4");
	}

	@Test
	void aPasswordInAUriIsMaskedWhateverThePropertyIsCalled() {
		assertThat(SanitizedCommandLine.argument("--spring.datasource.url=jdbc:postgresql://app:s3cret@db:5432/app"))
			.isEqualTo("--spring.datasource.url=jdbc:postgresql://app:******@db:5432/app");
		assertThat(SanitizedCommandLine.argument("--app.upstream=https://example.org/path?x=1"))
			.isEqualTo("--app.upstream=https://example.org/path?x=1");
	}

}
