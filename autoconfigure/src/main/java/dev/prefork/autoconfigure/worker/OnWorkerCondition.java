package dev.prefork.autoconfigure.worker;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches in a worker JVM that is connected to its master: only there is there a master to serve
 * for and to ask.
 */
public final class OnWorkerCondition implements Condition {

	@Override
	public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
		return WorkerAgent.current() != null;
	}

}
