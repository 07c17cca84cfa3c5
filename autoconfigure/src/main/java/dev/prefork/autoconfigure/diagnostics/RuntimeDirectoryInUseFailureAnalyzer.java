package dev.prefork.autoconfigure.diagnostics;

import dev.prefork.core.master.RuntimeDirectory;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a runtime folder another live master holds: two masters in one folder would replace each
 * other's sockets.
 */
class RuntimeDirectoryInUseFailureAnalyzer extends AbstractFailureAnalyzer<RuntimeDirectory.InUseException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, RuntimeDirectory.InUseException cause) {
		String master = (cause.holder() > 0) ? "master " + cause.holder() : "another master";
		return new FailureAnalysis("The prefork runtime folder " + cause.path() + " is in use by " + master
				+ ". Two masters in one folder would replace each other's control and channel sockets.",
				"Give each master its own prefork.runtime-dir (or leave it unset: each master then creates one of "
						+ "its own), or stop " + master + " first"
						+ ((cause.holder() > 0) ? " (kill -TERM " + cause.holder() + ")" : "")
						+ ". To replace a running master without downtime, send it USR2 instead.",
				cause);
	}

}
