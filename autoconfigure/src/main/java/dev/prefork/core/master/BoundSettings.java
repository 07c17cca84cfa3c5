package dev.prefork.core.master;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

import dev.prefork.core.arbiter.ArbiterSettings;
import dev.prefork.core.channel.Fields;

/**
 * The {@code prefork.*} settings a worker's configuration binds to, as the worker reports them right
 * after it says hello. A reload adopts the first report of its new generation: the workers read the
 * files and jar now on disk, which the master cannot (its class loader holds the jar it started with).
 * The report carries every component of {@link ArbiterSettings} under its property's name, so that
 * a setting added there travels with nothing more to write.
 *
 * @param arbiter the arbiter's settings; the quick-stop timeout is the master's, not configurable
 * @param listen the listening address the configuration names, as {@code host:port} or {@code unix:/path}
 */
public record BoundSettings(ArbiterSettings arbiter, String listen) {

	/** The one component a worker does not report: the master's own quick-stop timeout. */
	private static final String QUICK_TIMEOUT = "quickTimeout";

	/** The payload of a {@code SETTINGS} message: the settings as {@link Fields}, durations in milliseconds. */
	public String encode() {
		Fields fields = Fields.of();
		for (RecordComponent component : ArbiterSettings.class.getRecordComponents()) {
			if (!component.getName().equals(QUICK_TIMEOUT)) {
				Object value = read(component);
				fields = fields.with(propertyName(component),
						(value instanceof Duration duration) ? duration.toMillis() : ((Number) value).longValue());
			}
		}
		return fields.with("listen", this.listen).encode();
	}

	/**
	 * Reads a {@code SETTINGS} payload.
	 * @param payload what {@link #encode} wrote
	 * @param quickTimeout the master's quick-stop timeout
	 * @return the settings
	 * @throws IllegalArgumentException if the payload lacks a value or a value is not a number
	 */
	public static BoundSettings decode(String payload, Duration quickTimeout) {
		try {
			Fields values = Fields.decode(payload);
			RecordComponent[] components = ArbiterSettings.class.getRecordComponents();
			Object[] arguments = new Object[components.length];
			for (int i = 0; i < components.length; i++) {
				RecordComponent component = components[i];
				Class<?> type = component.getType();
				if (component.getName().equals(QUICK_TIMEOUT)) {
					arguments[i] = quickTimeout;
				}
				else {
					long number = values.number(propertyName(component));
					if (type == Duration.class) {
						arguments[i] = Duration.ofMillis(number);
					}
					else if (type == int.class) {
						arguments[i] = Math.toIntExact(number);
					}
					else {
						arguments[i] = number;
					}
				}
			}
			Constructor<ArbiterSettings> constructor = ArbiterSettings.class
				.getDeclaredConstructor(Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
			return new BoundSettings(constructor.newInstance(arguments), values.text("listen"));
		}
		catch (InvocationTargetException ex) {
			throw new IllegalArgumentException("Not a settings report (" + ex.getCause().getMessage() + "): " + payload,
					ex.getCause());
		}
		catch (IllegalArgumentException | ArithmeticException ex) {
			throw new IllegalArgumentException("Not a settings report (" + ex.getMessage() + "): " + payload, ex);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("ArbiterSettings has no canonical constructor", ex);
		}
	}

	private Object read(RecordComponent component) {
		try {
			return component.getAccessor().invoke(this.arbiter);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("Cannot read " + component.getName() + " of " + this.arbiter, ex);
		}
	}

	/** A component's property name without {@code prefork.}: {@code gracefulTimeout} is {@code graceful-timeout}. */
	private static String propertyName(RecordComponent component) {
		return component.getName().replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
	}

}
