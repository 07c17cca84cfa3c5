/**
 * The listening socket: bound once by the master, inherited by every worker as its standard input.
 */
package dev.prefork.core.net;
