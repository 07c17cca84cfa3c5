package dev.prefork.autoconfigure.worker;

import org.springframework.boot.SpringBootExceptionReporter;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;

/**
 * Leaves a worker's failed start to its master to log: the master logs each distinct failure once,
 * with the worker's id and pid, Spring Boot's analysis and the trace, where every worker would
 * otherwise print its own copy of the same trace into the shared log ("Application run failed").
 * Runs after Spring Boot's failure analyzers, which have sent their analysis to the master by then.
 * Outside a worker, or when the failure did not reach the master, Spring Boot logs it as usual.
 */
final class WorkerBootFailureReporter implements SpringBootExceptionReporter, Ordered {

	WorkerBootFailureReporter(ConfigurableApplicationContext context) {
		// Spring Boot's constructor contract for exception reporters; the context is not needed
	}

	@Override
	public boolean reportException(Throwable failure) {
		WorkerAgent agent = WorkerAgent.current();
		return agent != null && agent.relayed(failure);
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
