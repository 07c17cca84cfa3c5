package dev.prefork.core.master;

import java.net.InetSocketAddress;
import java.nio.file.Path;

import dev.prefork.core.arbiter.ArbiterSettings;
import dev.prefork.core.net.ListeningSocket;

/**
 * Everything the master needs to run, already validated.
 *
 * @param address where to listen; port 0 for an ephemeral port
 * @param unixSocket the Unix-domain socket to listen on instead of {@code address}, or null
 * @param backlog the listening socket's accept queue length
 * @param runtimeDirectory the private folder for the channel socket
 * @param runtimeDirectoryChosen whether the operator chose it ({@code prefork.runtime-dir}): an
 * existing one must then be ours; the default's predictable name gives way to a fresh one
 * @param pidfile where to write the master's pid, or null for none
 * @param arbiter the arbiter's settings
 */
public record MasterSettings(InetSocketAddress address, Path unixSocket, int backlog, Path runtimeDirectory,
		boolean runtimeDirectoryChosen, Path pidfile, ArbiterSettings arbiter) {

	/** Where the master listens, as operators write it: {@code 0.0.0.0:8080} or {@code unix:/path}. */
	public String listen() {
		return listen(this.address, this.unixSocket);
	}

	/**
	 * A listening address as operators write it.
	 * @param address where to listen over TCP
	 * @param unixSocket the Unix-domain socket to listen on instead, or null
	 * @return {@code 0.0.0.0:8080} or {@code unix:/path}
	 */
	public static String listen(InetSocketAddress address, Path unixSocket) {
		return (unixSocket != null) ? "unix:" + unixSocket : ListeningSocket.describe(address);
	}
}
