package dev.prefork.autoconfigure.master;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PreforkBindingTests {

	private final StandardEnvironment environment = new StandardEnvironment();

	@Test
	void defaultsFollowGunicornButTheWorkerCountIsMadeForTheJvm() {
		PreforkBinding binding = bind(Map.of(), Map.of());
		assertThat(binding.workers()).isEqualTo(2);
		assertThat(binding.origin("prefork.workers")).isEqualTo("default: two, or one per four processors; 3 available");
		assertThat(binding.properties().getBacklog()).isEqualTo(2048);
		assertThat(binding.properties().getGracefulTimeout()).isEqualTo(Duration.ofSeconds(30));
		assertThat(binding.origin("prefork.backlog")).isEqualTo("default");
	}

	@Test
	void theDefaultWorkerCountIsTwoOrOnePerFourProcessors() {
		assertThat(PreforkBinding.defaultWorkers(1)).isEqualTo(2);
		assertThat(PreforkBinding.defaultWorkers(8)).isEqualTo(2);
		assertThat(PreforkBinding.defaultWorkers(9)).isEqualTo(3);
		assertThat(PreforkBinding.defaultWorkers(16)).isEqualTo(4);
		assertThat(PreforkBinding.defaultWorkers(64)).isEqualTo(16);
		assertThat(PreforkBinding.defaultWorkers(100_000)).isEqualTo(1024);
	}

	@Test
	void webConcurrencySetsWorkersWhenPreforkWorkersIsNotSet() {
		assertThat(bind(Map.of(), Map.of("WEB_CONCURRENCY", "5")).workers()).isEqualTo(5);
		assertThat(bind(Map.of("prefork.workers", "2"), Map.of("WEB_CONCURRENCY", "5")).workers()).isEqualTo(2);
	}

	@Test
	void anInvalidWebConcurrencyIsReportedByName() {
		assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
			.isThrownBy(() -> bind(Map.of(), Map.of("WEB_CONCURRENCY", "lots")))
			.satisfies((ex) -> assertThat(ex.getName()).isEqualTo("WEB_CONCURRENCY"));
	}

	@Test
	void valuesOutOfRangeFailValidationWithTheirOrigin() {
		assertThatExceptionOfType(BindException.class).isThrownBy(() -> bind(Map.of("prefork.workers", "-1"), Map.of()))
			.havingCause()
			.isInstanceOf(BindValidationException.class)
			.satisfies((ex) -> {
				var error = ((BindValidationException) ex).getValidationErrors().getAllErrors().get(0);
				assertThat(error.getDefaultMessage()).isEqualTo("must be between 1 and 1024");
				assertThat(error.toString()).contains("test properties");
			});
	}

	@Test
	void workerEnvironmentKeepsTheNamesCaseAndItsOrigin() {
		PreforkBinding binding = bind(Map.of("prefork.env[MALLOC_ARENA_MAX]", "2", "prefork.env[TZ]", "UTC"), Map.of());
		assertThat(binding.properties().getEnv()).containsExactlyInAnyOrderEntriesOf(Map.of("MALLOC_ARENA_MAX", "2", "TZ", "UTC"));
		assertThat(binding.origin("prefork.env[MALLOC_ARENA_MAX]")).contains("test properties");
	}

	@Test
	void workerEnvironmentNamesMustBeVariableNamesAndNotTheMastersOwn() {
		for (String name : List.of("prefork.env[PREFORKD_WORKER]", "prefork.env[1ST]")) {
			assertThatExceptionOfType(BindException.class).as(name).isThrownBy(() -> bind(Map.of(name, "x"), Map.of()))
				.havingCause()
				.isInstanceOf(BindValidationException.class)
				.satisfies((ex) -> {
					var error = ((BindValidationException) ex).getValidationErrors().getAllErrors().get(0);
					assertThat(error.toString()).contains(name.substring("prefork.".length()));
				});
		}
	}

	@Test
	void processNamesAreShortSoTheKernelKeepsTheRole() {
		assertThat(bind(Map.of(), Map.of()).properties().getProcName()).isEqualTo("prefork");
		assertThat(bind(Map.of("prefork.proc-name", "shop"), Map.of()).properties().getProcName()).isEqualTo("shop");
		for (String name : List.of("a-very-long-name", "two words", "")) {
			assertThatExceptionOfType(BindException.class).as(name)
				.isThrownBy(() -> bind(Map.of("prefork.proc-name", name), Map.of()))
				.havingCause()
				.isInstanceOf(BindValidationException.class)
				.satisfies((ex) -> assertThat(((BindValidationException) ex).getValidationErrors().getAllErrors().get(0)
					.getDefaultMessage()).startsWith("must be 1 to 8 letters"));
		}
	}

	@Test
	void warmupPathsMustBePathsOfTheApplication() {
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind(Map.of("prefork.warmup.requests", "100", "prefork.warmup.paths", "http://x/,/a"),
					Map.of()))
			.havingCause()
			.isInstanceOf(BindValidationException.class)
			.satisfies((ex) -> assertThat(((BindValidationException) ex).getValidationErrors().getAllErrors().get(0)
				.getDefaultMessage()).startsWith("must be paths of this application"));
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind(Map.of("prefork.warmup.requests", "-5"), Map.of()))
			.havingCause()
			.isInstanceOf(BindValidationException.class);
		assertThat(bind(Map.of("prefork.warmup.requests", "3000", "prefork.warmup.paths", "/,/orders?page=1"), Map.of())
			.properties()
			.getWarmup()
			.getPaths()).containsExactly("/", "/orders?page=1");
	}

	@Test
	void theWarmupPassMustFitInTheBootTimeout() {
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind(Map.of("prefork.warmup.requests", "50000", "prefork.warmup.timeout", "90s",
					"prefork.boot-timeout", "60s"), Map.of()))
			.havingCause()
			.isInstanceOf(BindValidationException.class)
			.satisfies((ex) -> assertThat(((BindValidationException) ex).getValidationErrors().getAllErrors().get(0)
				.getDefaultMessage()).startsWith("must be shorter than prefork.boot-timeout (60s)"));
		assertThat(bind(Map.of("prefork.warmup.timeout", "90s", "prefork.boot-timeout", "60s"), Map.of())
			.properties()
			.getWarmup()
			.getTimeout()).as("no warm-up pass, nothing to fit").hasSeconds(90);
	}

	@Test
	void eachRuleDeclaredOnASettingRefusesAValueOutsideIt() {
		Map<String, List<String>> refused = Map.ofEntries(Map.entry("prefork.workers", List.of("0", "1025")),
				Map.entry("prefork.bind", List.of("/run/app.sock", "unix:relative", "unix:/" + "a".repeat(100))),
				Map.entry("prefork.backlog", List.of("0")), Map.entry("prefork.timeout", List.of("0s", "-1s")),
				Map.entry("prefork.boot-timeout", List.of("0ms")), Map.entry("prefork.min-uptime", List.of("-5s")),
				Map.entry("prefork.max-requests", List.of("-1")), Map.entry("prefork.max-requests-jitter", List.of("-1")),
				Map.entry("prefork.restart-budget", List.of("-1")),
				Map.entry("prefork.max-worker-memory", List.of("63MB", "32")),
				Map.entry("prefork.slow-start", List.of("-1s")), Map.entry("prefork.warmup.timeout", List.of("0s")),
				Map.entry("prefork.warmup.paths", List.of("/a b", "orders")));
		refused.forEach((name, values) -> values.forEach((value) -> assertThatExceptionOfType(BindException.class)
			.as(name + "=" + value)
			.isThrownBy(() -> bind(Map.of(name, value), Map.of()))
			.havingCause()
			.isInstanceOf(BindValidationException.class)
			.satisfies((ex) -> assertThat(((BindValidationException) ex).getValidationErrors().getAllErrors())
				.anySatisfy((error) -> assertThat(error.toString()).contains(name.substring("prefork.".length()))))));
		Map<String, String> allowed = Map.of("prefork.workers", "1024", "prefork.bind", "unix:/" + "a".repeat(99),
				"prefork.max-worker-memory", "64", "prefork.slow-start", "0", "prefork.max-requests", "0",
				"prefork.timeout", "1ms");
		allowed.forEach((name, value) -> assertThat(bind(Map.of(name, value), Map.of())).as(name + "=" + value)
			.isNotNull());
	}

	@Test
	void aZeroDurationIsRefused() {
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind(Map.of("prefork.graceful-timeout", "0s"), Map.of()))
			.havingCause()
			.isInstanceOf(BindValidationException.class);
	}

	@Test
	void aValueThatDoesNotConvertNamesTheEnvironmentVariable() {
		assertThatExceptionOfType(BindException.class)
			.isThrownBy(() -> bind(Map.of(), Map.of("PREFORK_GRACEFUL_TIMEOUT", "abc")))
			.satisfies((ex) -> {
				assertThat(ex.getProperty().getName()).hasToString("prefork.graceful-timeout");
				assertThat(ex.getProperty().getOrigin().toString()).contains("PREFORK_GRACEFUL_TIMEOUT");
			});
	}

	@Test
	void aTypoInAKeyIsRefused() {
		assertThatExceptionOfType(BindException.class).isThrownBy(() -> bind(Map.of("prefork.workerz", "3"), Map.of()))
			.havingCause()
			.isInstanceOf(UnboundConfigurationPropertiesException.class);
	}

	@Test
	void originsOfBoundValuesAreRecorded() {
		PreforkBinding binding = bind(Map.of("prefork.backlog", "100"), Map.of("PREFORK_WORKERS", "4"));
		assertThat(binding.properties().getBacklog()).isEqualTo(100);
		assertThat(binding.workers()).isEqualTo(4);
		assertThat(binding.origin("prefork.workers")).contains("PREFORK_WORKERS");
		assertThat(binding.origin("prefork.backlog")).contains("test properties");
	}

	@Test
	void printAndCheckConfigAreSwitchesLikeDebug() {
		PreforkBinding binding = bind(Map.of("prefork.print-config", "", "prefork.check-config", ""), Map.of());
		assertThat(binding.properties().isPrintConfig()).isTrue();
		assertThat(binding.properties().isCheckConfig()).isTrue();
	}

	private PreforkBinding bind(Map<String, Object> properties, Map<String, Object> env) {
		var sources = this.environment.getPropertySources();
		sources.remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
		sources.remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
		sources.addFirst(new SystemEnvironmentPropertySource(
				StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, env));
		sources.addFirst(new MapPropertySource("test properties", properties));
		return PreforkBinding.bind(this.environment, 3);
	}

}
