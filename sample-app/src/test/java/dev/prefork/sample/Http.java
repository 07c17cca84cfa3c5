package dev.prefork.sample;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.1 request on a fresh connection, so that every request is a new accept on the shared
 * socket (no pooled keep-alive connection that would stick to one worker).
 */
final class Http {

	private Http() {
	}

	static Response get(int port, String path) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
			socket.setSoTimeout(60_000);
			OutputStream out = socket.getOutputStream();
			out.write(request(path));
			out.flush();
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			in.transferTo(bytes);
			return parse(bytes.toString(StandardCharsets.UTF_8));
		}
	}

	/** A POST with a JSON body, on a fresh connection. */
	static Response postJson(int port, String path, String json) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
			socket.setSoTimeout(60_000);
			byte[] body = json.getBytes(StandardCharsets.UTF_8);
			OutputStream out = socket.getOutputStream();
			out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
					+ "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.write(body);
			out.flush();
			ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			socket.getInputStream().transferTo(bytes);
			return parse(bytes.toString(StandardCharsets.UTF_8));
		}
	}

	/** The same over a Unix-domain socket, as {@code curl --unix-socket}. */
	static Response get(java.nio.file.Path socketFile, String path) throws IOException {
		try (java.nio.channels.SocketChannel channel = java.nio.channels.SocketChannel
			.open(java.net.StandardProtocolFamily.UNIX)) {
			channel.connect(java.net.UnixDomainSocketAddress.of(socketFile));
			channel.write(java.nio.ByteBuffer.wrap(request(path)));
			ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			java.nio.channels.Channels.newInputStream(channel).transferTo(bytes);
			return parse(bytes.toString(StandardCharsets.UTF_8));
		}
	}

	private static byte[] request(String path) {
		return ("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII);
	}

	private static Response parse(String response) throws IOException {
		if (response.isEmpty()) {
			throw new IOException("connection closed without a response");
		}
		int status = Integer.parseInt(response.substring(9, 12));
		int bodyStart = response.indexOf("\r\n\r\n") + 4;
		return new Response(status, decodeBody(response.substring(0, bodyStart), response.substring(bodyStart)));
	}

	private static String decodeBody(String headers, String body) {
		if (!headers.toLowerCase().contains("transfer-encoding: chunked")) {
			return body;
		}
		StringBuilder decoded = new StringBuilder();
		int at = 0;
		while (true) {
			int lineEnd = body.indexOf("\r\n", at);
			int size = Integer.parseInt(body.substring(at, lineEnd).trim(), 16);
			if (size == 0) {
				return decoded.toString();
			}
			decoded.append(body, lineEnd + 2, lineEnd + 2 + size);
			at = lineEnd + 2 + size + 2;
		}
	}

	record Response(int status, String body) {
	}

}
