/**
 * The master process: binds the socket, runs the one loop that feeds the arbiter with signals,
 * worker messages and exits, and cleans up after itself.
 */
package dev.prefork.core.master;
