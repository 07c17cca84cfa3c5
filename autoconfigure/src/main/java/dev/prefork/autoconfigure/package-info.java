/**
 * The Spring Boot glue: {@code prefork.*} properties, the listener that makes a launch a master or a
 * worker, and the auto-configuration that lets a worker's web server accept on the inherited socket.
 */
package dev.prefork.autoconfigure;
