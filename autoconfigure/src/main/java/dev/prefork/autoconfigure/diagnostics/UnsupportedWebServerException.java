package dev.prefork.autoconfigure.diagnostics;

import org.springframework.util.ClassUtils;

/**
 * The application's servlet web server is not Tomcat: prefork's workers accept on the master's
 * socket through Tomcat's connector, so the master refuses to start before any worker does.
 */
public class UnsupportedWebServerException extends RuntimeException {

	static final String TOMCAT = "org.apache.catalina.startup.Tomcat";

	static final String JETTY = "org.eclipse.jetty.server.Server";

	public UnsupportedWebServerException(String message) {
		super(message);
	}

	/**
	 * Checks that the application serves on Tomcat.
	 * @param classLoader the application's class loader
	 * @throws UnsupportedWebServerException if Tomcat is not on its class path
	 */
	public static void check(ClassLoader classLoader) {
		if (ClassUtils.isPresent(TOMCAT, classLoader)) {
			return;
		}
		String server = ClassUtils.isPresent(JETTY, classLoader) ? "Jetty" : "not Tomcat";
		throw new UnsupportedWebServerException("prefork's workers serve on Tomcat, and this application's servlet web "
				+ "server is " + server + " (" + TOMCAT + " is not on the class path)");
	}

}
