package dev.prefork.core.channel;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MessageTests {

	@Test
	void aStackTraceTravelsAsOneLineAndComesBackIntact() {
		Message message = new Message(MessageType.BOOT_FAILED, "java.lang.Error: a\\b\n\tat x(Y.java:1)\r\n");
		String line = message.encode();
		assertThat(line).endsWith("\n").doesNotContain("\t\n").hasLineCount(1);
		assertThat(Message.decode(line.substring(0, line.length() - 1))).isEqualTo(message);
	}

	@Test
	void aMessageWithoutPayloadIsJustItsWord() {
		assertThat(Message.of(MessageType.READY).encode()).isEqualTo("READY\n");
		assertThat(Message.decode("QUIT")).isEqualTo(Message.of(MessageType.QUIT));
	}

	@Test
	void theReaderSplitsLinesAcrossReads() throws Exception {
		LineReader reader = new LineReader();
		assertThat(reader.feed(bytes("REA"))).isEmpty();
		assertThat(reader.feed(bytes("DY\nWHATEVER 1\nHELLO 1 abc 42\n"))).containsExactly("READY", "WHATEVER 1",
				"HELLO 1 abc 42");
	}

	@Test
	void anUnknownWordIsNotAMessage() {
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> Message.decode("WHATEVER 1"));
	}

	private static ByteBuffer bytes(String text) {
		return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
	}

}
