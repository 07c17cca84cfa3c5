package dev.prefork.autoconfigure.worker;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalysisReporter;

/**
 * Sends Spring Boot's failure analysis of a worker's failed start to the master, which logs it with
 * the worker's id and pid. Does nothing outside a worker.
 */
public final class WorkerFailureAnalysisReporter implements FailureAnalysisReporter {

	@Override
	public void report(FailureAnalysis analysis) {
		WorkerAgent agent = WorkerAgent.current();
		if (agent != null) {
			agent.analysed(analysis);
		}
	}

}
