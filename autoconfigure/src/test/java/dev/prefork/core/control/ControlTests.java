package dev.prefork.core.control;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ControlTests {

	@Test
	void commandsAreParsedWithTheirArgument() {
		assertThat(ControlCommand.parse(" Status ")).isEqualTo(new ControlCommand("status", 0));
		assertThat(ControlCommand.parse("scale 4")).isEqualTo(new ControlCommand("scale", 4));
		assertThat(ControlCommand.parse("scale 4")).hasToString("scale 4");
	}

	@Test
	void aBadCommandSaysWhatIsAllowed() {
		assertThatIllegalArgumentException().isThrownBy(() -> ControlCommand.parse("explode"))
			.withMessageContaining("unknown command 'explode'; commands: status, reload");
		assertThatIllegalArgumentException().isThrownBy(() -> ControlCommand.parse("scale 0"))
			.withMessageContaining("at least 1");
		assertThatIllegalArgumentException().isThrownBy(() -> ControlCommand.parse("scale"));
		assertThatIllegalArgumentException().isThrownBy(() -> ControlCommand.parse("reload now"))
			.withMessage("reload takes no argument");
	}

	@Test
	void jsonIsWrittenWithEscapes() {
		Map<String, Object> value = new LinkedHashMap<>();
		value.put("ok", true);
		value.put("text", "a \"b\"\n\\c\u0001");
		value.put("n", 42L);
		value.put("x", 1.5);
		value.put("none", null);
		value.put("list", List.of(1, "two"));
		assertThat(Json.write(value)).isEqualTo(
				"{\"ok\":true,\"text\":\"a \\\"b\\\"\\n\\\\c\\u0001\",\"n\":42,\"x\":1.500,\"none\":null,\"list\":[1,\"two\"]}");
	}

}
