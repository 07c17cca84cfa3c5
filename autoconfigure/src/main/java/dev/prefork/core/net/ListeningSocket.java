package dev.prefork.core.net;

import java.io.Closeable;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.channels.Channel;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import dev.prefork.core.LibC;

/**
 * The master's listening socket, TCP or Unix-domain. The kernel queues connections on it and every worker accepts
 * from it, so a dying worker loses no queued connection. Workers get it as their file descriptor 0,
 * which {@link System#inheritedChannel()} returns as a {@link ServerSocketChannel}. The master binds
 * it, takes it over from the master it upgrades (USR2), or adopts it from systemd.
 */
public final class ListeningSocket implements Closeable {

	private static final int S_IFMT = 0170000;

	private static final int S_IFSOCK = 0140000;


	private final Closeable owner;

	private final int fd;

	private final SocketAddress address;

	private volatile boolean keepFile;

	private ListeningSocket(Closeable owner, int fd, SocketAddress address) {
		this.owner = owner;
		this.fd = fd;
		this.address = address;
	}

	/**
	 * Binds a socket.
	 * @param address the address, port 0 for an ephemeral port
	 * @param backlog the length of the accept queue
	 * @return the bound socket
	 * @throws java.net.BindException if the port is in use or the address is not this machine's
	 * @throws IOException if the socket cannot be opened
	 */
	public static ListeningSocket bind(InetSocketAddress address, int backlog) throws IOException {
		ServerSocketChannel channel = ServerSocketChannel.open();
		try {
			channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
			channel.bind(address, backlog);
			InetSocketAddress bound = (InetSocketAddress) channel.getLocalAddress();
			return new ListeningSocket(channel, findFd(ProcNet.listeningInodes(bound.getPort())), bound);
		}
		catch (IOException | RuntimeException ex) {
			channel.close();
			throw ex;
		}
	}

	/**
	 * Binds a Unix-domain socket, as Gunicorn's {@code unix:/path}. A socket file left by a master
	 * that died is replaced; one that a live process listens on is a {@link java.net.BindException}.
	 * @param path the socket file
	 * @param backlog the length of the accept queue
	 * @return the bound socket, whose file is removed on close
	 * @throws IOException if it cannot be bound
	 */
	public static ListeningSocket bindUnix(Path path, int backlog) throws IOException {
		if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
			if (!isSocket(path)) {
				throw new java.net.BindException(path + " exists and is not a socket; prefork.bind replaces only the "
						+ "socket file of a server that is gone: move it away, or set prefork.bind to another path");
			}
			if (listening(path)) {
				throw new java.net.BindException("Another process listens on " + path);
			}
			Files.delete(path);
		}
		ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
		try {
			channel.bind(UnixDomainSocketAddress.of(path), backlog);
			return new ListeningSocket(channel, findFd(ProcNet.unixInodes(path.toAbsolutePath().toString())),
					channel.getLocalAddress());
		}
		catch (IOException | RuntimeException ex) {
			channel.close();
			throw ex;
		}
	}

	/** Whether the path itself, not what a link points to, is a socket file. */
	static boolean isSocket(Path path) throws IOException {
		int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
		return (mode & S_IFMT) == S_IFSOCK;
	}

	private static boolean listening(Path path) {
		try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
			probe.connect(UnixDomainSocketAddress.of(path));
			return true;
		}
		catch (ConnectException ex) {
			return false;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * Takes over the socket this process inherited as its standard input: a new master started by
	 * an old one for an in-place upgrade (USR2) listens on the old master's socket, without binding.
	 * @return the socket, on descriptor 0
	 * @throws IOException if standard input is not a listening TCP socket
	 */
	public static ListeningSocket inherit() throws IOException {
		Channel inherited = System.inheritedChannel();
		if (!(inherited instanceof ServerSocketChannel channel)) {
			throw new IOException("This master was started to take over another master's socket, but its standard "
					+ "input is not a listening socket");
		}
		return new ListeningSocket(channel, 0, channel.getLocalAddress());
	}

	/**
	 * Adopts a listening socket passed by descriptor number, as systemd's socket activation passes
	 * them (from descriptor 3).
	 * @param fd the descriptor
	 * @return the socket
	 * @throws IOException if the descriptor is not a listening TCP socket
	 */
	public static ListeningSocket adopt(int fd) throws IOException {
		String target;
		try {
			target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
		}
		catch (IOException ex) {
			throw new IOException("File descriptor " + fd + " passed by systemd is not open", ex);
		}
		InetSocketAddress address = target.startsWith("socket:[")
				? ProcNet.listeningAddress(target.substring(8, target.length() - 1)) : null;
		if (address == null) {
			throw new IOException("File descriptor " + fd + " passed by systemd (" + target + ") is not a listening "
					+ "TCP socket; prefork supports ListenStream= with a port or an address and port");
		}
		return new ListeningSocket(() -> LibC.INSTANCE.close(fd), fd, address);
	}

	/**
	 * Formats an address the way operators write it: {@code 0.0.0.0:8080} for every address,
	 * {@code [::1]:8080} for IPv6, {@code unix:/path} for a Unix-domain socket.
	 * @param socketAddress the address
	 * @return its text
	 */
	public static String describe(SocketAddress socketAddress) {
		if (socketAddress instanceof UnixDomainSocketAddress unix) {
			return "unix:" + unix.getPath();
		}
		InetSocketAddress address = (InetSocketAddress) socketAddress;
		if (address.getAddress() == null || address.getAddress().isAnyLocalAddress()) {
			return "0.0.0.0:" + address.getPort();
		}
		String host = address.getAddress().getHostAddress();
		return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
	}

	/** The bound address, with the real port when port 0 was asked for. */
	public SocketAddress address() {
		return this.address;
	}

	/**
	 * Leaves a Unix socket's file in place on close: a new master started by USR2 serves on it.
	 */
	public void keepFileOnClose() {
		this.keepFile = true;
	}

	/**
	 * How many connections wait in the accept queue now, as Gunicorn's backlog metric: connections the
	 * kernel accepted that no worker has taken yet. A queue that stays above zero means the workers
	 * cannot keep up.
	 * @return the count, or -1 when it cannot be read (a Unix-domain socket, or no /proc/net)
	 */
	public int acceptQueue() {
		if (this.address instanceof UnixDomainSocketAddress) {
			return -1;
		}
		try {
			String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + this.fd)).toString();
			return target.startsWith("socket:[") ? ProcNet.acceptQueue(target.substring(8, target.length() - 1)) : -1;
		}
		catch (IOException ex) {
			return -1;
		}
	}

	/**
	 * The longest accept queue the kernel keeps for a socket that asked for {@code backlog}: it caps
	 * every listen backlog at {@code net.core.somaxconn}.
	 * @param backlog what the socket asked for
	 * @return the effective length
	 */
	public static int effectiveBacklog(int backlog) {
		try {
			// read line by line: Files.readString of a sysctl file returns its first byte only (JDK 17)
			List<String> lines = Files.readAllLines(Path.of("/proc/sys/net/core/somaxconn"));
			return Math.min(backlog, Integer.parseInt(lines.get(0).strip()));
		}
		catch (IOException | RuntimeException ex) {
			return backlog;
		}
	}

	/** The socket's file descriptor in this process. */
	public int fd() {
		return this.fd;
	}

	/**
	 * Puts the socket on this process's file descriptor 0, so that every child started with an
	 * inherited standard input gets it there. The JDK closes every other descriptor in its children,
	 * so workers hold nothing else of the master's.
	 */
	public void installAsStandardInput() {
		if (this.fd == 0) {
			return;
		}
		if (LibC.INSTANCE.dup2(this.fd, 0) < 0) {
			throw new IllegalStateException("dup2 of the listening socket onto fd 0 failed: errno " + LibC.errno());
		}
	}

	@Override
	public void close() throws IOException {
		this.owner.close();
		if (this.address instanceof UnixDomainSocketAddress unix && !this.keepFile) {
			Files.deleteIfExists(unix.getPath());
		}
	}

	/**
	 * Finds the descriptor of our listening socket without JDK internals: the kernel's socket table
	 * names the inode of the socket listening on the port, and /proc/self/fd links to it.
	 */
	private static int findFd(List<String> inodes) throws IOException {
		try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
			for (Path fd : fds.toList()) {
				try {
					String target = Files.readSymbolicLink(fd).toString();
					if (target.startsWith("socket:[") && inodes.contains(target.substring(8, target.length() - 1))) {
						return Integer.parseInt(fd.getFileName().toString());
					}
				}
				catch (IOException ex) {
					// an fd closed while we looked: not ours
				}
			}
		}
		throw new IOException("Could not find the file descriptor of the listening socket in /proc/self/fd; "
				+ "prefork needs Linux's /proc");
	}

}
