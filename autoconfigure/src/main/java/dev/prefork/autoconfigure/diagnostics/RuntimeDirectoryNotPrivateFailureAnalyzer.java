package dev.prefork.autoconfigure.diagnostics;

import dev.prefork.core.master.RuntimeDirectory;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a runtime folder that other users may enter, where the master would put its control
 * socket.
 */
class RuntimeDirectoryNotPrivateFailureAnalyzer extends AbstractFailureAnalyzer<RuntimeDirectory.NotPrivateException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, RuntimeDirectory.NotPrivateException cause) {
		return new FailureAnalysis("The prefork runtime folder " + cause.path() + " is open to other users ("
				+ cause.permissions() + "). The master keeps its control socket there, and anyone who can enter the "
				+ "folder could ask for its status or try to reach its workers' channel.",
				"Make the folder private with 'chmod 700 " + cause.path() + "', or set prefork.runtime-dir to a folder "
						+ "that only this user can enter (or leave it unset: the master then creates one of its own).",
				cause);
	}

}
