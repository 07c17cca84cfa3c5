/**
 * Web metrics of the whole server: each worker's cumulative figures, sent to the master, summed there
 * and kept across worker exits.
 */
package dev.prefork.core.meter;
