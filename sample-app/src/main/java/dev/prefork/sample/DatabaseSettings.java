package dev.prefork.sample;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Stands in for a real data source: with {@code sample.fail-at-boot=true} it fails at startup the way a
 * misconfigured application does, which shows how prefork reports a worker that cannot boot.
 */
@Component
class DatabaseSettings {

	DatabaseSettings(@Value("${sample.fail-at-boot:false}") boolean failAtBoot) {
		if (failAtBoot) {
			throw new IllegalStateException("database url is missing");
		}
	}

}
