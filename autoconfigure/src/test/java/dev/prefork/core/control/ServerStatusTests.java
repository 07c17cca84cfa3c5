package dev.prefork.core.control;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.json.JsonParserFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The status the master writes is the status every reader gets back, through JSON and the parser the
 * readers use, whatever its text holds; the JSON names are the ones the docs and scripts know.
 */
class ServerStatusTests {

	private static final String HOSTILE = "unix:/run/\"app\" \\ dir/\u00e9\u65e5\n\t\u0001.sock";

	/** Numbers are written with three decimals, as the CLI and endpoint show them; these have no more. */
	@Test
	void aStatusSurvivesJsonWhateverItsTextHolds() {
		ServerStatus status = status(HOSTILE, 3, "ready: /home/\"x\"/.cache/prefork\u0007");
		String json = Json.write(status.toMap());
		assertThat(ServerStatus.from(JsonParserFactory.getJsonParser().parseMap(json))).isEqualTo(status);
	}

	@Test
	void missingFiguresStayMissing() {
		ServerStatus status = new ServerStatus(
				new ServerStatus.Master(1, "2026-12-03T00:00:00Z", 0.5, "unix:/a", null, 128, 1, 1, 1, false, false, false,
						null),
				List.of(new ServerStatus.Worker(1, 2, 1, "booting", 0.1, null, false, null, 0, null, null)),
				new ServerStatus.Figures(Map.of(), 0, 0, 0, 0, 0));
		assertThat(ServerStatus.from(JsonParserFactory.getJsonParser().parseMap(Json.write(status.toMap()))))
			.isEqualTo(status);
	}

	@Test
	void theJsonNamesAreTheDocumentedOnes() {
		String json = Json.write(status("0.0.0.0:8080", 0, null).toMap());
		assertThat(json).startsWith("{\"master\":{\"pid\":4003,").contains("\"accept_queue\":0,\"backlog\":2048")
			.contains("\"target_workers\":2,\"live_workers\":2")
			.contains("\"memory_bytes\":")
			.contains("\"last_heartbeat_seconds_ago\":")
			.contains("\"figures\":{\"restarts\":{\"crash\":1,\"memory\":0},\"boot\":{\"count\":2,");
	}

	@Test
	void httpCallersDoNotSeeTheClassCachesFolder() {
		assertThat(status("x", 0, "ready: /home/app/.cache/prefork").withoutPaths().master().classCache()).isEqualTo("ready");
		assertThat(status("x", 0, null).withoutPaths().master().classCache()).isNull();
	}

	@Test
	void aWarmingWorkerIsShownAsSuchAndCountedAsReady() {
		ServerStatus status = status("x", 0, null);
		assertThat(status.workers()).extracting(ServerStatus.Worker::shownState).containsExactly("ready", "warming");
		assertThat(status.workersIn("ready")).isEqualTo(2);
	}

	@Test
	void whatIsNotAStatusIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> ServerStatus.from(Map.of("ok", false, "error", "no")));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ServerStatus.from(JsonParserFactory.getJsonParser().parseMap(Json.write(status("x", 0, null)
				.toMap()).replace("\"pid\":4003", "\"pid\":\"4003\""))));
	}

	private static ServerStatus status(String listen, int queued, String classCache) {
		return new ServerStatus(
				new ServerStatus.Master(4003, "2026-12-03T00:00:00Z", 61.5, listen, queued, 2048, 3, 2, 2, true, false,
						false, classCache),
				List.of(new ServerStatus.Worker(1, 4026, 3, "ready", 60.25, 2.55, true, 4.5, 1234, 150L << 20, 0.25),
						new ServerStatus.Worker(2, 4029, 3, "ready", 2.0, 1.75, false, null, 0, 140L << 20, 0.5)),
				new ServerStatus.Figures(new LinkedHashMap<>(Map.of("crash", 1L)) {
					{
						put("memory", 0L);
					}
				}, 2, 4.3, 2.55, 1, 0));
	}

}
