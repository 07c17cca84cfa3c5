package dev.prefork.core.worker;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.prefork.core.channel.Hello;
import dev.prefork.core.channel.Message;
import dev.prefork.core.channel.MessageType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class MasterLinkTests {

	@TempDir
	Path folder;

	private ServerSocketChannel master;

	private SocketChannel accepted;

	private final List<Message> received = new CopyOnWriteArrayList<>();

	private final AtomicInteger masterGone = new AtomicInteger();

	@BeforeEach
	void listen() throws Exception {
		this.master = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
		this.master.bind(UnixDomainSocketAddress.of(this.folder.resolve("channel.sock")));
	}

	@AfterEach
	void close() throws Exception {
		if (this.accepted != null) {
			this.accepted.close();
		}
		this.master.close();
	}

	@Test
	void theWorkerSaysWhoItIsAndReadsTheMastersMessages() throws Exception {
		try (MasterLink link = connect()) {
			BufferedReader hello = new BufferedReader(
					new InputStreamReader(Channels.newInputStream(this.accepted), StandardCharsets.UTF_8));
			assertThat(Message.decode(hello.readLine()))
				.isEqualTo(Hello.of(3, "secret", ProcessHandle.current().pid()).toMessage());
			link.watch(this.received::add, this.masterGone::incrementAndGet);
			this.accepted.write(ByteBuffer.wrap(Message.of(MessageType.STOP).encode().getBytes(StandardCharsets.UTF_8)));
			await().atMost(Duration.ofSeconds(5)).until(() -> !this.received.isEmpty());
			assertThat(this.received).containsExactly(Message.of(MessageType.STOP));
		}
	}

	@Test
	void theMasterClosingItsEndIsTheMasterGone() throws Exception {
		try (MasterLink link = connect()) {
			Thread reader = link.watch(this.received::add, this.masterGone::incrementAndGet);
			this.accepted.close();
			reader.join(5000);
			assertThat(reader.isAlive()).isFalse();
			assertThat(this.masterGone).hasValue(1);
		}
	}

	@Test
	void closingTheLinkEndsTheReaderWithoutCallingTheMasterGone() throws Exception {
		MasterLink link = connect();
		Thread reader = link.watch(this.received::add, this.masterGone::incrementAndGet);
		this.accepted.write(ByteBuffer.wrap(Message.of(MessageType.STOP).encode().getBytes(StandardCharsets.UTF_8)));
		await().atMost(Duration.ofSeconds(5)).until(() -> !this.received.isEmpty());
		link.close();
		reader.join(5000);
		assertThat(reader.isAlive()).isFalse();
		assertThat(this.masterGone).hasValue(0);
	}

	private MasterLink connect() throws Exception {
		MasterLink link = MasterLink.connect(new WorkerEnvironment(3, "secret", this.folder.resolve("channel.sock"),
				Duration.ofSeconds(1), Duration.ofSeconds(30), 0, false));
		this.accepted = this.master.accept();
		return link;
	}

}
