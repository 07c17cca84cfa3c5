/**
 * The worker process's side of the channel: how a worker JVM finds its master, talks to it and
 * notices when it is gone.
 */
package dev.prefork.core.worker;
