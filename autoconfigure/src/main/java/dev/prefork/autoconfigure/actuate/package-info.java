/**
 * The {@code prefork} Actuator endpoint: the master's view of the whole server, served by whichever
 * worker takes the request, and the actions a signal could trigger.
 */
package dev.prefork.autoconfigure.actuate;
