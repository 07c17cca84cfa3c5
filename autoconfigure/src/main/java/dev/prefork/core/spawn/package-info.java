/**
 * Starting worker JVMs: the same command line as the master's, with the listening socket as
 * standard input and the worker's identity in its environment.
 */
package dev.prefork.core.spawn;
