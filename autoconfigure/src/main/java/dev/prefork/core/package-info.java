/**
 * The plain-Java core of Prefork: the arbiter and its workers, with no Spring imports. The Spring
 * glue in {@code dev.prefork.autoconfigure} depends on it, never the reverse.
 */
package dev.prefork.core;
