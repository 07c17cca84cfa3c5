/**
 * The master role in a Spring Boot launch: binds and checks {@code prefork.*} with Spring's own
 * binder, then hands {@code main} to the core's master instead of refreshing the application context.
 */
package dev.prefork.autoconfigure.master;
