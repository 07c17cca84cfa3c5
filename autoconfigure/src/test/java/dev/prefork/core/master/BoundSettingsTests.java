package dev.prefork.core.master;

import java.time.Duration;

import dev.prefork.core.arbiter.ArbiterSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class BoundSettingsTests {

	private static final Duration QUICK = Duration.ofSeconds(5);

	@Test
	void aReportReadsBackAsTheSettingsItWasWrittenFrom() {
		ArbiterSettings arbiter = new ArbiterSettings(3, Duration.ofSeconds(30), Duration.ofSeconds(20),
				Duration.ofSeconds(90), QUICK, 1000, 50, Duration.ofSeconds(10), 4, 512L << 20,
				Duration.ofSeconds(30));
		BoundSettings settings = new BoundSettings(arbiter, "unix:/run/app.sock");
		assertThat(settings.encode()).startsWith("workers=3 timeout=30000 ").endsWith(" listen=unix:/run/app.sock");
		assertThat(BoundSettings.decode(settings.encode(), QUICK)).isEqualTo(settings);
	}

	@Test
	void aPayloadThatLacksAValueOrHasNoNumberIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> BoundSettings.decode("workers=3 listen=0.0.0.0:8080", QUICK))
			.withMessageContaining("no timeout");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> BoundSettings.decode(new BoundSettings(new ArbiterSettings(2, Duration.ofSeconds(30),
					Duration.ofSeconds(30), Duration.ofSeconds(60), QUICK), "0.0.0.0:80").encode()
				.replace("workers=2", "workers=two"), QUICK));
	}

}
