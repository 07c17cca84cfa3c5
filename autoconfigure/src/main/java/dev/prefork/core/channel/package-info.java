/**
 * The private channel between the master and each worker: one Unix-domain socket connection per
 * worker, carrying a tiny line protocol. Its end of file tells either side that the other died.
 */
package dev.prefork.core.channel;
