package dev.prefork.core.net;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import dev.prefork.core.LibC;

/**
 * A Unix-domain datagram socket, which the JDK does not offer: what systemd's notification socket
 * ({@code NOTIFY_SOCKET}) speaks. Bound straight to the C library through jnr-ffi.
 */
public final class UnixDatagram implements AutoCloseable {

	private static final int AF_UNIX = 1;

	private static final int SOCK_DGRAM = 2;

	private static final int SOCK_CLOEXEC = 0x80000;

	private static final int MSG_DONTWAIT = 0x40;

	private static final int MSG_NOSIGNAL = 0x4000;

	private static final int SUN_PATH_MAX = 108;

	private final int fd;

	private UnixDatagram(int fd) {
		this.fd = fd;
	}

	/**
	 * Opens an unbound datagram socket.
	 * @return the socket
	 * @throws IOException if the C library refuses
	 */
	public static UnixDatagram open() throws IOException {
		int fd = LibC.INSTANCE.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
		if (fd < 0) {
			throw new IOException("socket(AF_UNIX, SOCK_DGRAM) failed");
		}
		return new UnixDatagram(fd);
	}

	/**
	 * Opens a datagram socket bound to a path, to receive on.
	 * @param path the path, or {@code @name} for Linux's abstract namespace
	 * @return the socket
	 * @throws IOException if it cannot be bound
	 */
	public static UnixDatagram bind(String path) throws IOException {
		UnixDatagram socket = open();
		byte[] address = address(path);
		if (LibC.INSTANCE.bind(socket.fd, address, address.length) != 0) {
			socket.close();
			throw new IOException("bind(" + path + ") failed");
		}
		return socket;
	}

	/**
	 * Sends one datagram.
	 * @param path the receiver's path, or {@code @name} for the abstract namespace
	 * @param message the text
	 * @throws IOException if it could not be sent
	 */
	public void send(String path, String message) throws IOException {
		byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
		byte[] address = address(path);
		long sent = LibC.INSTANCE.sendto(this.fd, bytes, bytes.length, MSG_NOSIGNAL, address, address.length);
		if (sent != bytes.length) {
			throw new IOException("sendto(" + path + ") failed");
		}
	}

	/**
	 * Takes one datagram if one is waiting.
	 * @return its text, or null when none is waiting
	 */
	public String receive() {
		byte[] buffer = new byte[4096];
		long received = LibC.INSTANCE.recv(this.fd, buffer, buffer.length, MSG_DONTWAIT);
		return (received < 0) ? null : new String(buffer, 0, (int) received, StandardCharsets.UTF_8);
	}

	@Override
	public void close() {
		LibC.INSTANCE.close(this.fd);
	}

	/** {@code struct sockaddr_un}: the family in host order, then the path. */
	static byte[] address(String path) throws IOException {
		boolean abstractName = path.startsWith("@");
		byte[] name = path.getBytes(StandardCharsets.UTF_8);
		if (name.length >= SUN_PATH_MAX) {
			throw new IOException("Unix socket path too long: " + path);
		}
		byte[] address = new byte[2 + name.length + (abstractName ? 0 : 1)];
		address[0] = (byte) AF_UNIX;
		System.arraycopy(name, 0, address, 2, name.length);
		if (abstractName) {
			address[2] = 0;
		}
		return address;
	}

}
