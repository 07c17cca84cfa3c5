package dev.prefork.autoconfigure.diagnostics;

import dev.prefork.core.master.RuntimeDirectory;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a runtime folder the master will not use for its control socket: another user's, a link,
 * or open to other users.
 */
class RuntimeDirectoryNotPrivateFailureAnalyzer extends AbstractFailureAnalyzer<RuntimeDirectory.NotPrivateException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, RuntimeDirectory.NotPrivateException cause) {
		return new FailureAnalysis("The prefork runtime folder " + cause.path() + " cannot hold the master's sockets: "
				+ cause.reason() + ". The master keeps its control socket there, and anyone who owns or can enter the "
				+ "folder could ask for its status or try to reach its workers' channel.",
				"Use a real folder (not a link) that this user owns and only this user can enter: 'chmod 700 "
						+ cause.path() + "' if it is yours, or set prefork.runtime-dir to another folder (or leave it "
						+ "unset: the master then creates one of its own).",
				cause);
	}

}
