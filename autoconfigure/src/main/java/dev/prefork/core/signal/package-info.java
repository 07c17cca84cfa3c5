/**
 * Signals to the master. The JVM forces this to be static state; it is kept in this one place.
 */
package dev.prefork.core.signal;
