/**
 * Gunicorn's server hooks as Spring application events. Master events reach the listeners of the
 * launch's SpringApplication (spring.factories, addListeners), as Spring Boot's early events do;
 * worker events reach the worker's {@code @EventListener} beans, or its early listeners before its
 * context exists.
 */
package dev.prefork.autoconfigure.event;
