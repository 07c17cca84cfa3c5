package dev.prefork.core.master;

import java.net.InetSocketAddress;
import java.nio.file.Path;

import dev.prefork.core.arbiter.ArbiterSettings;

/**
 * Everything the master needs to run, already validated.
 *
 * @param address where to listen; port 0 for an ephemeral port
 * @param backlog the listening socket's accept queue length
 * @param runtimeDirectory the private folder for the channel socket
 * @param pidfile where to write the master's pid, or null for none
 * @param arbiter the arbiter's settings
 */
public record MasterSettings(InetSocketAddress address, int backlog, Path runtimeDirectory, Path pidfile,
		ArbiterSettings arbiter) {
}
