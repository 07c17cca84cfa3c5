package dev.prefork.autoconfigure.diagnostics;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a master that will not start workers on a web server other than Tomcat.
 */
class UnsupportedWebServerFailureAnalyzer extends AbstractFailureAnalyzer<UnsupportedWebServerException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, UnsupportedWebServerException cause) {
		return new FailureAnalysis(cause.getMessage() + ".",
				"Serve on Tomcat (spring-boot-starter-webmvc brings it: drop spring-boot-starter-jetty and the exclusion "
						+ "of spring-boot-starter-tomcat), or set prefork.enabled=false to run the application as one "
						+ "plain Spring Boot JVM.",
				cause);
	}

}
