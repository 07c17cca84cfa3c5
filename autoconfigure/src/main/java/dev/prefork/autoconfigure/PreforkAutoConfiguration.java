package dev.prefork.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * Makes {@link PreforkProperties} a bean in workers and plain runs, so Actuator's
 * {@code configprops} shows them. The master itself never refreshes a context.
 */
@AutoConfiguration
@EnableConfigurationProperties(PreforkProperties.class)
public final class PreforkAutoConfiguration {

}
