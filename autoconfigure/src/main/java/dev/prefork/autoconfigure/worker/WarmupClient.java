package dev.prefork.autoconfigure.worker;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The warm-up pass's HTTP/1.1 client: one kept-alive loopback connection, requests written as
 * prepared bytes, answers read by their length. The JIT should spend the warm-up on the server's
 * request path; a general-purpose client in the same JVM would take a good share of the CPU and of
 * the compiler's attention.
 */
final class WarmupClient implements AutoCloseable {

	private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

	private static final int READ_TIMEOUT_MILLIS = 30_000;

	private static final int MAX_HEADER_BYTES = 64 * 1024;

	private final int port;

	private final byte[] line = new byte[MAX_HEADER_BYTES];

	private final byte[] skip = new byte[8192];

	private Socket socket;

	private InputStream in;

	private OutputStream out;

	WarmupClient(int port) {
		this.port = port;
	}

	/** The bytes of a GET of {@code path} that carries the warm-up header. */
	static byte[] request(String path, String header) {
		return ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: */*\r\n" + header + ": 1\r\n\r\n")
			.getBytes(StandardCharsets.ISO_8859_1);
	}

	/**
	 * Sends one request and reads its whole answer.
	 * @param request what {@link #request} prepared
	 * @return the answer's status code
	 * @throws IOException if the connection failed or the answer is not HTTP/1.1; the next call
	 * opens a new connection
	 */
	int send(byte[] request) throws IOException {
		try {
			if (this.socket == null) {
				open();
			}
			this.out.write(request);
			this.out.flush();
			return readAnswer();
		}
		catch (IOException | RuntimeException ex) {
			close();
			throw (ex instanceof IOException io) ? io : new IOException(ex);
		}
	}

	private void open() throws IOException {
		Socket opened = new Socket();
		opened.setTcpNoDelay(true);
		opened.setSoTimeout(READ_TIMEOUT_MILLIS);
		opened.connect(new InetSocketAddress("127.0.0.1", this.port), CONNECT_TIMEOUT_MILLIS);
		this.socket = opened;
		this.in = new BufferedInputStream(opened.getInputStream(), 16 * 1024);
		this.out = opened.getOutputStream();
	}

	private int readAnswer() throws IOException {
		String status = readLine();
		if (!status.startsWith("HTTP/1.") || status.length() < 12) {
			throw new IOException("Not an HTTP answer: " + status);
		}
		int code = Integer.parseInt(status.substring(9, 12));
		long length = -1;
		boolean chunked = false;
		boolean close = status.startsWith("HTTP/1.0");
		for (String header = readLine(); !header.isEmpty(); header = readLine()) {
			int colon = header.indexOf(':');
			if (colon <= 0) {
				continue;
			}
			String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
			String value = header.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
			switch (name) {
				case "content-length" -> length = Long.parseLong(value);
				case "transfer-encoding" -> chunked = value.endsWith("chunked");
				case "connection" -> close = value.contains("close");
				default -> {
				}
			}
		}
		if (chunked) {
			readChunks();
		}
		else if (length >= 0) {
			skip(length);
		}
		else if (code >= 200 && code != 204 && code != 304) {
			// no length: the body ends with the connection
			while (this.in.read(this.skip) >= 0) {
				// discard
			}
			close = true;
		}
		if (close) {
			close();
		}
		return code;
	}

	private void readChunks() throws IOException {
		while (true) {
			String size = readLine();
			int extension = size.indexOf(';');
			long length = Long.parseLong((extension >= 0) ? size.substring(0, extension).trim() : size.trim(), 16);
			if (length == 0) {
				// trailers, up to the empty line
				while (!readLine().isEmpty()) {
					// discard
				}
				return;
			}
			skip(length);
			readLine();
		}
	}

	private void skip(long length) throws IOException {
		long left = length;
		while (left > 0) {
			int read = this.in.read(this.skip, 0, (int) Math.min(this.skip.length, left));
			if (read < 0) {
				throw new IOException("The answer ended " + left + " bytes early");
			}
			left -= read;
		}
	}

	private String readLine() throws IOException {
		int length = 0;
		int b;
		while ((b = this.in.read()) != '\n') {
			if (b < 0) {
				throw new IOException("The connection closed in the middle of an answer");
			}
			if (length == this.line.length) {
				throw new IOException("An answer's header line is longer than " + MAX_HEADER_BYTES + " bytes");
			}
			this.line[length++] = (byte) b;
		}
		if (length > 0 && this.line[length - 1] == '\r') {
			length--;
		}
		return new String(this.line, 0, length, StandardCharsets.ISO_8859_1);
	}

	@Override
	public void close() {
		Socket open = this.socket;
		this.socket = null;
		if (open != null) {
			try {
				open.close();
			}
			catch (IOException ex) {
				// closing a loopback connection that failed
			}
		}
	}

}
