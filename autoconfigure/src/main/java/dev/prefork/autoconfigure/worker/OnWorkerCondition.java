package dev.prefork.autoconfigure.worker;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.aot.AbstractAotProcessor;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches in a worker JVM that is connected to its master, whose context holds the worker's
 * {@link WorkerAgent} (registered by the worker's lifecycle before the context refreshes): only there
 * is there a master to serve for and to ask. Matches as well while Spring AOT processes the application at build time, which
 * fixes the outcome of every condition: the generated bean definitions then include the worker's
 * beans, and {@link dev.prefork.autoconfigure.AotWorkerBeans} removes them again from a run that is not a worker.
 */
public final class OnWorkerCondition implements Condition {

	@Override
	public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
		return hasAgent(context.getBeanFactory()) || Boolean.getBoolean(AbstractAotProcessor.AOT_PROCESSING);
	}

	/** Whether a bean factory holds a worker agent, as a bean or a registered singleton. */
	public static boolean hasAgent(ListableBeanFactory beanFactory) {
		return beanFactory != null && beanFactory.getBeanNamesForType(WorkerAgent.class, true, false).length > 0;
	}

}
