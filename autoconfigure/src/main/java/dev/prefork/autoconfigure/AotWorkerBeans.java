package dev.prefork.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import dev.prefork.autoconfigure.actuate.PreforkActuatorAutoConfiguration;
import dev.prefork.autoconfigure.worker.OnWorkerCondition;
import dev.prefork.autoconfigure.worker.PreforkWorkerAutoConfiguration;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.context.aot.AbstractAotProcessor;

/**
 * Removes the worker's beans from an application that Spring AOT processed and that runs outside a
 * worker (the master never refreshes a context, but a run with {@code prefork.enabled=false} or the
 * class cache's training run does). Without AOT the worker's auto-configurations are skipped there by
 * {@link OnWorkerCondition}; with it, conditions were evaluated once, at build time, where that
 * condition matches.
 */
public final class AotWorkerBeans implements BeanDefinitionRegistryPostProcessor {

	/** The configurations whose beans belong only in a worker, and their nested configurations. */
	private static final List<String> CONFIGURATIONS = List.of(PreforkWorkerAutoConfiguration.class.getName(),
			PreforkActuatorAutoConfiguration.class.getName());

	@Override
	public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
		if ((registry instanceof ListableBeanFactory beanFactory && OnWorkerCondition.hasAgent(beanFactory))
				|| Boolean.getBoolean(AbstractAotProcessor.AOT_PROCESSING)) {
			return;
		}
		// auto-configurations and their nested configurations are named for their class, with or
		// without AOT; the beans they define name them as their factory
		List<String> configurations = new ArrayList<>();
		for (String name : registry.getBeanDefinitionNames()) {
			if (CONFIGURATIONS.stream()
				.anyMatch((configuration) -> name.equals(configuration) || name.startsWith(configuration + "$"))) {
				configurations.add(name);
			}
		}
		for (String name : registry.getBeanDefinitionNames()) {
			if (configurations.contains(registry.getBeanDefinition(name).getFactoryBeanName())) {
				registry.removeBeanDefinition(name);
			}
		}
		configurations.forEach(registry::removeBeanDefinition);
	}

	@Override
	public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
	}

}
