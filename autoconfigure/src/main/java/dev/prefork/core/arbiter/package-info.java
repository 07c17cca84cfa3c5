/**
 * The arbiter's decisions: which workers to spawn, stop, kill and respawn, and when the master exits.
 * Free of I/O so that every decision can be tested without starting a process.
 */
package dev.prefork.core.arbiter;
