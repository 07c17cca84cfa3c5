package dev.prefork.autoconfigure;

import java.io.IOException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Set;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.util.ClassUtils;

/**
 * Reopens the application's log files (USR1), so that a log file moved away by logrotate is
 * recreated: every file appender of logback, Spring Boot's default logging system, opens its
 * configured path again, as logback does on rollover.
 */
public final class LogFiles {

	private static final Logger logger = LoggerFactory.getLogger(LogFiles.class);

	private static final boolean LOGBACK = ClassUtils.isPresent("ch.qos.logback.classic.LoggerContext",
			LogFiles.class.getClassLoader());

	private LogFiles() {
	}

	/** Reopens every log file; logs how many, or why none. */
	public static void reopen() {
		ILoggerFactory factory = LoggerFactory.getILoggerFactory();
		if (!LOGBACK || !(factory instanceof LoggerContext context)) {
			logger.warn("Not reopening log files (USR1): prefork reopens logback's file appenders, and this "
					+ "application logs through {}", factory.getClass().getName());
			return;
		}
		Set<FileAppender<?>> files = Collections.newSetFromMap(new IdentityHashMap<>());
		for (ch.qos.logback.classic.Logger each : context.getLoggerList()) {
			for (Iterator<Appender<ch.qos.logback.classic.spi.ILoggingEvent>> it = each.iteratorForAppenders(); it
				.hasNext();) {
				if (it.next() instanceof FileAppender<?> file) {
					files.add(file);
				}
			}
		}
		int reopened = 0;
		for (FileAppender<?> file : files) {
			try {
				// what logback itself does on rollover: the stream is swapped, the appender keeps running
				file.openFile(file.getFile());
				reopened++;
			}
			catch (IOException ex) {
				logger.warn("Could not reopen log file {}: {}", file.getFile(), ex.getMessage());
			}
		}
		logger.info("Reopened {} log file(s) (USR1)", reopened);
	}

}
