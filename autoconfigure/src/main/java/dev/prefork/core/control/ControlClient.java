package dev.prefork.core.control;

import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Sends one command to a master's control socket and returns its JSON answer: what the CLI and the
 * Actuator endpoint use.
 */
public final class ControlClient {

	/** The control socket's name in the master's runtime folder. */
	public static final String SOCKET_NAME = "control.sock";

	private final Path socket;

	public ControlClient(Path socket) {
		this.socket = socket;
	}

	/**
	 * Sends a command.
	 * @param command such as {@code status} or {@code scale 4}
	 * @return the master's answer, one JSON object
	 * @throws IOException if the master cannot be reached
	 */
	public String send(String command) throws IOException {
		try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
			channel.connect(UnixDomainSocketAddress.of(this.socket));
			ByteBuffer request = ByteBuffer.wrap((command.strip() + "\n").getBytes(StandardCharsets.UTF_8));
			IOException writeFailure = null;
			try {
				while (request.hasRemaining()) {
					channel.write(request);
				}
			}
			catch (IOException ex) {
				// a master that refuses answers at once and closes: its answer is still there to read
				writeFailure = ex;
			}
			InputStream in = Channels.newInputStream(channel);
			byte[] answer = in.readNBytes(4 * 1024 * 1024);
			String text = new String(answer, StandardCharsets.UTF_8).strip();
			if (text.isEmpty()) {
				IOException failure = new IOException(
						"The master at " + this.socket + " closed the connection without an answer");
				if (writeFailure != null) {
					failure.addSuppressed(writeFailure);
				}
				throw failure;
			}
			return text;
		}
	}

}
