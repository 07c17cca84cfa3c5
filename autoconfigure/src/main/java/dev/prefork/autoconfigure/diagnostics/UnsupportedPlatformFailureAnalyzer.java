package dev.prefork.autoconfigure.diagnostics;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a master that cannot run on this platform.
 */
class UnsupportedPlatformFailureAnalyzer extends AbstractFailureAnalyzer<UnsupportedPlatformException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, UnsupportedPlatformException cause) {
		return new FailureAnalysis(cause.getMessage() + ".",
				"Run the application on Linux with the prefork starter's dependencies, or set prefork.enabled=false "
						+ "to run it as one plain Spring Boot JVM.",
				cause);
	}

}
