/**
 * The master's control socket: every action a signal can trigger, plus status, for the CLI and the
 * Actuator endpoint. One command per line in, one JSON line out.
 */
package dev.prefork.core.control;
