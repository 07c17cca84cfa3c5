package dev.prefork.core.channel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.prefork.core.arbiter.ArbiterSettings;
import dev.prefork.core.arbiter.RestartReason;
import dev.prefork.core.arbiter.RetireRequest;
import dev.prefork.core.master.BoundSettings;
import dev.prefork.core.meter.MeterSample;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Every message of the channel survives the whole trip (record, payload, line, bytes read back,
 * line, payload, record) with hostile values: spaces, {@code =}, {@code %} and what looks like an
 * escape, newlines, carriage returns, backslashes, tabs, control characters, non-ASCII text, empty
 * text.
 */
class ChannelProtocolTests {

	private static final List<String> HOSTILE = List.of("", " ", "a b", "k=v", "%", "%20", "%zz", "100%",
			"line\nbreak", "cr\r\nlf", "back\\slash\\n", "tab\there", "nul\u0000bell\u0007del\u007f", "\u00e9t\u00e9 \u65e5\u672c",
			"  leading and trailing  ", "=", "==", "a=b c=d", "HELLO 1 2 3");

	@Test
	void fieldsKeepAnyTextAndTheirOrder() {
		for (String hostile : HOSTILE) {
			Fields fields = Fields.of().with("plain", "x").with(hostile.isEmpty() ? "empty" : "k " + hostile, hostile)
				.with("last", hostile);
			String line = fields.encode();
			assertThat(line).as(hostile).doesNotContain("\n", "\r");
			assertThat(Fields.decode(line)).as(hostile).isEqualTo(fields);
			assertThat(Fields.decode(line).all().keySet()).containsExactlyElementsOf(fields.all().keySet());
		}
		assertThat(Fields.decode("")).isEqualTo(Fields.of());
	}

	@Test
	void aBrokenPayloadIsRefusedNamingWhatIsWrong() {
		assertThatIllegalArgumentException().isThrownBy(() -> Fields.decode("novalue")).withMessageContaining("novalue");
		assertThatIllegalArgumentException().isThrownBy(() -> Fields.decode("=x")).withMessageContaining("name=value");
		assertThatIllegalArgumentException().isThrownBy(() -> Fields.decode("a=%4")).withMessageContaining("hex");
		assertThatIllegalArgumentException().isThrownBy(() -> Fields.decode("a=%+1")).withMessageContaining("hex");
		assertThatIllegalArgumentException().isThrownBy(() -> Fields.decode("a=1  b=2"));
		assertThatIllegalArgumentException().isThrownBy(() -> Fields.decode("a=x").number("a")).withMessageContaining("a");
		assertThatIllegalArgumentException().isThrownBy(() -> Fields.decode("a=NaN").finite("a")).withMessageContaining("finite");
		assertThatIllegalArgumentException().isThrownBy(() -> Fields.decode("a=1").text("b")).withMessageContaining("b");
	}

	@Test
	void hello() {
		Hello hello = Hello.of(1024, "0123456789abcdef", Long.MAX_VALUE);
		assertThat(Hello.decode(trip(hello.toMessage(), MessageType.HELLO))).isEqualTo(hello);
		assertThatIllegalArgumentException().isThrownBy(() -> Hello.decode("1 abc 42")).withMessageContaining("1");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Hello.decode(new Hello(1, "t", 2, Hello.PROTOCOL + 1).toMessage().payload()))
			.withMessageContaining("protocol " + (Hello.PROTOCOL + 1) + " and this master " + Hello.PROTOCOL)
			.withMessageContaining("USR2");
	}

	@Test
	void settings() {
		for (String hostile : HOSTILE) {
			BoundSettings settings = new BoundSettings(new ArbiterSettings(3, Duration.ofMillis(1), Duration.ofSeconds(30),
					Duration.ofMinutes(2), Duration.ofSeconds(5), Long.MAX_VALUE, 7, Duration.ofSeconds(10), 2,
					512L * 1024 * 1024, Duration.ofSeconds(30)), "unix:/run/my app/" + hostile + ".sock");
			assertThat(BoundSettings.decode(trip(new Message(MessageType.SETTINGS, settings.encode()), MessageType.SETTINGS),
					Duration.ofSeconds(5)))
				.as(hostile)
				.isEqualTo(settings);
		}
		assertThatIllegalArgumentException().isThrownBy(() -> BoundSettings.decode("workers=2", Duration.ofSeconds(5)))
			.withMessageContaining("timeout");
	}

	@Test
	void retire() {
		for (RestartReason reason : RestartReason.values()) {
			for (String hostile : HOSTILE) {
				RetireRequest retire = new RetireRequest(reason, hostile);
				assertThat(RetireRequest.decode(trip(new Message(MessageType.RETIRE, retire.encode()), MessageType.RETIRE)))
					.isEqualTo(retire);
			}
		}
	}

	@Test
	void heartbeatAndTheTwoReportsOfAFailedBoot() {
		Heartbeat heartbeat = new Heartbeat(Long.MAX_VALUE);
		assertThat(Heartbeat.decode(trip(heartbeat.toMessage(), MessageType.HEARTBEAT))).isEqualTo(heartbeat);
		assertThatIllegalArgumentException().isThrownBy(() -> Heartbeat.decode("requests=-1"));
		assertThatIllegalArgumentException().isThrownBy(() -> Heartbeat.decode("12"));
		String trace = "java.lang.IllegalStateException: database url is missing: %s = ${db.url}\n\tat a.B.c(B.java:1)\r\n"
				+ "Caused by: x\\y \u00e9\n";
		for (MessageType type : List.of(MessageType.BOOT_FAILED, MessageType.FAILURE_ANALYSIS)) {
			FailureReport report = new FailureReport(type, trace);
			assertThat(FailureReport.decode(new Message(type, trip(report.toMessage(), type)))).isEqualTo(report);
		}
	}

	@Test
	void meters() {
		for (String hostile : HOSTILE) {
			MeterSample timer = new MeterSample("http.server.requests " + hostile, MeterSample.TIMER,
					new TreeMap<>(Map.of("uri", "/" + hostile, (hostile.isEmpty() ? "empty" : hostile), hostile, "tag:x", "y")),
					12, 0.5, 1e-9);
			MeterSample counter = new MeterSample(hostile, MeterSample.COUNTER, new TreeMap<>(), Double.MAX_VALUE, 0, 0);
			String report = MeterSample.encodeAll(List.of(timer, counter));
			assertThat(MeterSample.decodeAll(trip(new Message(MessageType.METERS, report), MessageType.METERS)))
				.as(hostile)
				.containsExactly(timer, counter);
			assertThat(timer.key()).isNotEqualTo(counter.key());
		}
	}

	@Test
	void everyTypeWithoutAPayloadIsItsWordAlone() {
		for (MessageType type : List.of(MessageType.READY, MessageType.WARM, MessageType.STOP, MessageType.REOPEN_LOGS,
				MessageType.QUIT)) {
			assertThat(trip(Message.of(type), type)).isEmpty();
		}
	}

	/** Sends a message through the line format and the reader a connection uses; returns the payload. */
	private static String trip(Message message, MessageType type) {
		List<String> lines;
		try {
			lines = new LineReader().feed(ByteBuffer.wrap(message.encode().getBytes(StandardCharsets.UTF_8)));
		}
		catch (IOException ex) {
			throw new AssertionError(ex);
		}
		assertThat(lines).hasSize(1);
		Message read = Message.decode(lines.get(0));
		assertThat(read.type()).isEqualTo(type);
		return read.payload();
	}

}
