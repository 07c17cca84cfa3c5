package dev.prefork.autoconfigure.master;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.prefork.autoconfigure.PreforkProperties;

import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.origin.Origin;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Binds {@code prefork.*} the way Spring Boot binds any {@code @ConfigurationProperties}: through
 * the Environment's precedence chain, with validation and with unknown keys refused. Spring Boot's
 * failure analyzers then report a bad value with its origin. Also records where each value came
 * from, for {@code --prefork.print-config}.
 */
public final class PreforkBinding {

	static final String WEB_CONCURRENCY = "WEB_CONCURRENCY";

	private static final List<String> SWITCHES = List.of("prefork.print-config", "prefork.check-config",
			"prefork.ctl-json");

	private final PreforkProperties properties;

	private final int workers;

	private final Map<String, String> origins;

	private PreforkBinding(PreforkProperties properties, int workers, Map<String, String> origins) {
		this.properties = properties;
		this.workers = workers;
		this.origins = origins;
	}

	/**
	 * Binds and validates.
	 * @param environment the prepared environment
	 * @param availableProcessors the default number of workers
	 * @return the binding
	 * @throws org.springframework.boot.context.properties.bind.BindException if a value is invalid or
	 * a key under {@code prefork} is unknown
	 */
	public static PreforkBinding bind(ConfigurableEnvironment environment, int availableProcessors) {
		acceptSwitches(environment);
		Map<String, String> origins = new LinkedHashMap<>();
		BindHandler handler = new ValidationBindHandler(new NoUnboundElementsBindHandler(new OriginRecorder(origins)),
				new PreforkPropertiesValidator());
		Binder binder = new Binder(ConfigurationPropertySources.get(environment));
		PreforkProperties properties = binder.bind("prefork", Bindable.of(PreforkProperties.class), handler)
			.orElseGet(PreforkProperties::new);
		int workers;
		if (properties.getWorkers() != null) {
			workers = properties.getWorkers();
		}
		else if (environment.getProperty(WEB_CONCURRENCY) != null) {
			workers = webConcurrency(environment.getProperty(WEB_CONCURRENCY));
			origins.put("prefork.workers", "environment variable " + WEB_CONCURRENCY);
		}
		else {
			workers = defaultWorkers(availableProcessors);
			origins.put("prefork.workers", "default: two, or one per four processors; " + availableProcessors
					+ " available");
		}
		return new PreforkBinding(properties, workers, origins);
	}

	/**
	 * The worker count nobody set: two, so that a worker's death or replacement never leaves the
	 * socket to a cold JVM alone, or one per four processors on larger machines. Gunicorn's one per
	 * processor suits its single-threaded workers; a worker JVM serves on every core, and each one more
	 * costs its own JIT warm-up and memory without adding throughput (docs/performance.md measures 1,
	 * 2 and 4 workers).
	 * @param processors the processors this JVM may use (its container's CPU limit included)
	 * @return the count
	 */
	static int defaultWorkers(int processors) {
		return Math.min(Math.max(2, (processors + 3) / 4), PreforkPropertiesValidator.MAX_WORKERS);
	}

	/**
	 * Lets {@code --prefork.print-config} and {@code --prefork.check-config} be given without a
	 * value, as Spring Boot's own {@code --debug} is: present and empty means true.
	 */
	private static void acceptSwitches(ConfigurableEnvironment environment) {
		Map<String, Object> switches = new LinkedHashMap<>();
		for (String name : SWITCHES) {
			String value = environment.getProperty(name);
			if (value != null && value.isBlank()) {
				switches.put(name, "true");
			}
		}
		if (!switches.isEmpty()) {
			environment.getPropertySources().addFirst(new MapPropertySource("prefork command-line switches", switches));
		}
	}

	private static int webConcurrency(String value) {
		try {
			int workers = Integer.parseInt(value.strip());
			if (workers >= 1 && workers <= PreforkPropertiesValidator.MAX_WORKERS) {
				return workers;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw new InvalidConfigurationPropertyValueException(WEB_CONCURRENCY, value,
				"WEB_CONCURRENCY sets the number of workers when prefork.workers is not set; it must be a whole "
						+ "number between 1 and " + PreforkPropertiesValidator.MAX_WORKERS);
	}

	public PreforkProperties properties() {
		return this.properties;
	}

	/** The number of workers after defaults (WEB_CONCURRENCY, available processors). */
	public int workers() {
		return this.workers;
	}

	/** Whether the number of workers is the default (one per available processor), set by nobody. */
	public boolean workersDefaulted() {
		return this.origins.getOrDefault("prefork.workers", "default").startsWith("default");
	}

	/**
	 * This binding with another number of workers, as when a memory limit lowers the default.
	 * @param workers the number
	 * @param origin why, for {@code --prefork.print-config}
	 * @return the new binding
	 */
	public PreforkBinding withWorkers(int workers, String origin) {
		Map<String, String> origins = new LinkedHashMap<>(this.origins);
		origins.put("prefork.workers", origin);
		return new PreforkBinding(this.properties, workers, origins);
	}

	/**
	 * Where a value came from.
	 * @param property the full property name, such as {@code prefork.workers}
	 * @return a readable origin, {@code default} when no source set it
	 */
	public String origin(String property) {
		return this.origins.getOrDefault(property, "default");
	}

	/** Records the origin of every value the binder takes from a property source. */
	private static final class OriginRecorder extends AbstractBindHandler {

		private final Map<String, String> origins;

		OriginRecorder(Map<String, String> origins) {
			this.origins = origins;
		}

		@Override
		public Object onSuccess(ConfigurationPropertyName name, Bindable<?> target, BindContext context, Object result) {
			ConfigurationProperty property = context.getConfigurationProperty();
			if (property != null) {
				Origin origin = property.getOrigin();
				this.origins.put(name.toString(), (origin != null) ? origin.toString() : property.getSource().toString());
			}
			return result;
		}

	}

}
