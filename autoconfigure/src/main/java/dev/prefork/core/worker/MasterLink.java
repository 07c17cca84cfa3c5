package dev.prefork.core.worker;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

import dev.prefork.core.channel.Hello;
import dev.prefork.core.channel.Message;
import dev.prefork.core.channel.MessageType;

/**
 * A worker's connection to its master. Reading it on one daemon thread is how the worker learns of
 * the master's commands, and of its death: end of file arrives within milliseconds when the master
 * dies, even by SIGKILL, with no polling.
 */
public final class MasterLink implements Closeable {

	private final SocketChannel channel;

	private volatile boolean closed;

	private MasterLink(SocketChannel channel) {
		this.channel = channel;
	}

	/**
	 * Connects to the master and says who this worker is.
	 * @param environment the environment the master gave this worker
	 * @return the link
	 * @throws IOException if the master is not there (it died while this JVM started)
	 */
	public static MasterLink connect(WorkerEnvironment environment) throws IOException {
		SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
		channel.connect(UnixDomainSocketAddress.of(environment.channel()));
		MasterLink link = new MasterLink(channel);
		link.send(Hello.of(environment.slot(), environment.token(), ProcessHandle.current().pid()).toMessage());
		return link;
	}

	/** Sends a message to the master; a master that is gone takes nothing, and the watcher exits. */
	public synchronized void send(Message message) {
		ByteBuffer bytes = ByteBuffer.wrap(message.encode().getBytes(StandardCharsets.UTF_8));
		try {
			while (bytes.hasRemaining()) {
				this.channel.write(bytes);
			}
		}
		catch (IOException ex) {
			// the master is gone: the watcher thread sees end of file and ends this JVM
		}
	}

	/**
	 * Starts the daemon thread that reads the master's messages.
	 * @param onMessage what to do with each message
	 * @param onMasterGone what to do at end of file: the master died or closed the channel (not
	 * called once this worker closed the link itself)
	 * @return the reading thread, started
	 */
	public Thread watch(Consumer<Message> onMessage, Runnable onMasterGone) {
		Thread thread = new Thread(() -> {
			try (BufferedReader reader = new BufferedReader(
					new InputStreamReader(Channels.newInputStream(this.channel), StandardCharsets.UTF_8))) {
				String line;
				while ((line = reader.readLine()) != null) {
					try {
						onMessage.accept(Message.decode(line));
					}
					catch (IllegalArgumentException ex) {
						// a word this worker does not know: ignore it
					}
				}
			}
			catch (IOException ex) {
				// same as end of file, or this worker closed the link
			}
			if (!this.closed) {
				onMasterGone.run();
			}
		}, "prefork-master-link");
		thread.setDaemon(true);
		thread.start();
		return thread;
	}

	/**
	 * Closes the link, which ends the reading thread without calling its {@code onMasterGone}. A
	 * thread blocked in a read is in native code, and the JVM waits up to 300 ms at exit for such
	 * threads: a stopping worker closes its link last to exit without that wait.
	 */
	@Override
	public void close() throws IOException {
		this.closed = true;
		this.channel.close();
	}

}
