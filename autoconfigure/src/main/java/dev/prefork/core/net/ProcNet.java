package dev.prefork.core.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Reads Linux's table of TCP sockets ({@code /proc/net/tcp} and {@code tcp6}): which inode listens
 * on a port, and where the socket with an inode listens.
 */
final class ProcNet {

	private static final String LISTEN = "0A";

	private static final List<String> TABLES = List.of("/proc/net/tcp", "/proc/net/tcp6");

	private ProcNet() {
	}

	static List<String> listeningInodes(int port) throws IOException {
		List<String> inodes = new ArrayList<>();
		for (String table : TABLES) {
			Path path = Path.of(table);
			if (Files.isReadable(path)) {
				inodes.addAll(listeningInodes(Files.readAllLines(path), port));
			}
		}
		return inodes;
	}

	static List<String> listeningInodes(List<String> table, int port) {
		String portHex = String.format(Locale.ROOT, ":%04X", port);
		List<String> inodes = new ArrayList<>();
		for (String[] fields : rows(table)) {
			if (fields[1].endsWith(portHex) && fields[3].equals(LISTEN)) {
				inodes.add(fields[9]);
			}
		}
		return inodes;
	}

	static InetSocketAddress listeningAddress(String inode) throws IOException {
		String[] row = listeningRow(inode);
		return (row != null) ? address(row) : null;
	}

	static InetSocketAddress listeningAddress(List<String> table, String inode) {
		String[] row = listeningRow(table, inode);
		return (row != null) ? address(row) : null;
	}

	/**
	 * How many connections wait in a listening socket's accept queue: accepted by the kernel, not yet
	 * by a worker. For a listening socket the kernel writes that count as the row's {@code rx_queue}.
	 * @param inode the socket's inode
	 * @return the count, or -1 when no listening TCP socket has that inode
	 */
	static int acceptQueue(String inode) throws IOException {
		String[] row = listeningRow(inode);
		return (row != null) ? acceptQueue(row) : -1;
	}

	static int acceptQueue(List<String> table, String inode) {
		String[] row = listeningRow(table, inode);
		return (row != null) ? acceptQueue(row) : -1;
	}

	/**
	 * The row of the listening TCP socket with this inode, from the IPv4 or the IPv6 table, or null.
	 * The kernel writes the listening sockets before the connections, and the table is read only up
	 * to the row: the status asks for it every second or so, while the table holds a row for every
	 * connection the workers serve.
	 */
	private static String[] listeningRow(String inode) throws IOException {
		for (String table : TABLES) {
			Path path = Path.of(table);
			if (Files.isReadable(path)) {
				try (Stream<String> lines = Files.lines(path)) {
					String[] row = listeningRow(lines, inode);
					if (row != null) {
						return row;
					}
				}
			}
		}
		return null;
	}

	private static String[] listeningRow(List<String> table, String inode) {
		return listeningRow(table.stream(), inode);
	}

	private static String[] listeningRow(Stream<String> table, String inode) {
		return table.skip(1)
			.map((line) -> line.trim().split("\\s+"))
			.filter((fields) -> fields.length > 9 && fields[9].equals(inode) && fields[3].equals(LISTEN))
			.findFirst()
			.orElse(null);
	}

	private static InetSocketAddress address(String[] row) {
		String[] hostAndPort = row[1].split(":");
		return new InetSocketAddress(address(hostAndPort[0]), Integer.parseInt(hostAndPort[1], 16));
	}

	/** The row's {@code tx_queue:rx_queue}, in hex: the rx_queue. */
	private static int acceptQueue(String[] row) {
		return Integer.parseInt(row[4].substring(row[4].indexOf(':') + 1), 16);
	}

	/**
	 * The inodes of Unix-domain sockets bound to a path ({@code /proc/net/unix}: Num RefCount Protocol
	 * Flags Type St Inode Path).
	 */
	static List<String> unixInodes(String path) throws IOException {
		return unixInodes(Files.readAllLines(Path.of("/proc/net/unix")), path);
	}

	static List<String> unixInodes(List<String> table, String path) {
		List<String> inodes = new ArrayList<>();
		for (String line : table.subList(Math.min(1, table.size()), table.size())) {
			String[] fields = line.trim().split("\\s+");
			if (fields.length >= 8 && fields[7].equals(path)) {
				inodes.add(fields[6]);
			}
		}
		return inodes;
	}

	/** The kernel writes each 32-bit word of the address in host order: little-endian here. */
	private static InetAddress address(String hex) {
		byte[] bytes = new byte[hex.length() / 2];
		for (int word = 0; word < bytes.length / 4; word++) {
			for (int i = 0; i < 4; i++) {
				int at = (word * 4 + (3 - i)) * 2;
				bytes[word * 4 + i] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
			}
		}
		try {
			return InetAddress.getByAddress(bytes);
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static List<String[]> rows(List<String> table) {
		List<String[]> rows = new ArrayList<>();
		for (String line : table.subList(Math.min(1, table.size()), table.size())) {
			String[] fields = line.trim().split("\\s+");
			if (fields.length > 9) {
				rows.add(fields);
			}
		}
		return rows;
	}

}
