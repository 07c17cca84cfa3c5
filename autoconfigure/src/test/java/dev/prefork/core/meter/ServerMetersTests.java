package dev.prefork.core.meter;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.prefork.core.control.Json;
import org.junit.jupiter.api.Test;

import org.springframework.boot.json.JsonParserFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The master's sums of the workers' web metrics, and the lines they travel in.
 */
class ServerMetersTests {

	private static MeterSample timer(String uri, double count, double total, double max) {
		return new MeterSample("http.server.requests", MeterSample.TIMER, new TreeMap<>(Map.of("uri", uri, "status", "200")),
				count, total, max);
	}

	@Test
	void aSampleSurvivesItsLineWhateverItsTagsHold() {
		MeterSample sample = new MeterSample("http.server.requests", MeterSample.TIMER,
				new TreeMap<>(Map.of("uri", "/a b=c,d%\u00e9", "exception", "none")), 12, 0.5, 0.25);
		MeterSample counter = new MeterSample("orders", MeterSample.COUNTER, new TreeMap<>(), 3, 0, 0);
		String text = MeterSample.encodeAll(List.of(sample, counter));
		assertThat(text).doesNotContain("\n\n").hasLineCount(2);
		assertThat(MeterSample.decodeAll(text)).containsExactly(sample, counter);
	}

	@Test
	void aSampleReadsBackFromTheControlSocketsJsonAsTheSameRecord() {
		MeterSample sample = new MeterSample("http.server.requests", MeterSample.TIMER,
				new TreeMap<>(Map.of("uri", "/a \"b\"\n\u0000", "status", "200")), 12, 0.5, 0.25);
		String json = Json.write(Map.of("ok", true, "meters", List.of(sample.toMap())));
		@SuppressWarnings("unchecked")
		List<Map<String, Object>> read = (List<Map<String, Object>>) JsonParserFactory.getJsonParser()
			.parseMap(json)
			.get("meters");
		assertThat(MeterSample.fromMap(read.get(0))).isEqualTo(sample);
		assertThatIllegalArgumentException().isThrownBy(() -> MeterSample.fromMap(Map.of("name", "x", "type", "timer")))
			.withMessageContaining("count");
	}

	@Test
	void aMalformedLineCostsThatLineOnly() {
		String good = timer("/", 1, 0.125, 0.1).encode();
		assertThat(MeterSample.decodeAll("nonsense\n" + good + "\nname=x type=timer count=1 total=2 max=3 notatag\n"
				+ "name=x type=gauge count=1 total=2 max=3\nname=x type=timer count=1 total=2"))
			.containsExactly(timer("/", 1, 0.125, 0.1));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new MeterSample("x", "gauge", new TreeMap<>(), 1, 0, 0))
			.withMessageContaining("gauge");
	}

	@Test
	void aNumberThatIsNotFiniteCostsThatLineOnly() {
		List<MeterSample> samples = MeterSample
			.decodeAll("name=a type=timer count=NaN total=1 max=2\nname=b type=timer count=1 total=Infinity max=2\n"
					+ "name=c type=counter count=3 total=0 max=0");
		assertThat(samples).extracting(MeterSample::name).containsExactly("c");
	}

	@Test
	void sumsAddTheLatestReportOfEachWorkerAndKeepMaxima() {
		ServerMeters meters = new ServerMeters();
		meters.report("worker 1", List.of(timer("/", 10, 1.0, 0.2), timer("/slow", 1, 2.0, 2.0)));
		meters.report("worker 2", List.of(timer("/", 5, 0.5, 0.3)));
		meters.report("worker 1", List.of(timer("/", 12, 1.25, 0.2), timer("/slow", 1, 2.0, 2.0)));
		assertThat(meters.sums()).containsExactlyInAnyOrder(timer("/", 17, 1.75, 0.3), timer("/slow", 1, 2.0, 2.0));
	}

	@Test
	void aWorkerThatExitsStillCountsSoSumsNeverGoDown() {
		ServerMeters meters = new ServerMeters();
		meters.report("worker 1", List.of(timer("/", 10, 1.0, 0.2)));
		meters.report("worker 2", List.of(timer("/", 5, 0.5, 0.3)));
		meters.exited("worker 2");
		meters.report("worker 3", List.of(timer("/", 1, 0.125, 0.1)));
		assertThat(meters.sums()).containsExactly(timer("/", 16, 1.625, 0.2));
		meters.exited("worker 1");
		meters.exited("worker 3");
		meters.exited("never reported");
		assertThat(meters.sums()).containsExactly(timer("/", 16, 1.625, 0));
	}

}
