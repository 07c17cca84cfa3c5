package dev.prefork.autoconfigure.master;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;

import dev.prefork.autoconfigure.Allowed;
import dev.prefork.autoconfigure.PreforkProperties;
import dev.prefork.core.master.WorkerCapacity;

import org.springframework.beans.BeanWrapperImpl;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Checks {@code prefork.*} values: each setting against the {@link Allowed} rule on its field in
 * {@link PreforkProperties}, then the few rules that tie settings together (the warm-up pass within
 * the boot timeout) or look inside one (environment variable names). Spring Boot's binder reports a
 * broken rule with the property, the value and its origin (file and line, environment variable or
 * command line).
 */
final class PreforkPropertiesValidator implements Validator {

	static final int MAX_WORKERS = WorkerCapacity.MAX_WORKERS;

	@Override
	public boolean supports(Class<?> type) {
		return PreforkProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		PreforkProperties properties = (PreforkProperties) target;
		checkDeclaredRules(PreforkProperties.class, "", new BeanWrapperImpl(properties), errors);
		environment(errors, properties.getEnv());
		PreforkProperties.Warmup warmup = properties.getWarmup();
		if (warmup.getRequests() > 0 && warmup.getTimeout() != null && properties.getBootTimeout() != null
				&& warmup.getTimeout().compareTo(properties.getBootTimeout()) >= 0) {
			errors.rejectValue("warmup.timeout", "range", "must be shorter than prefork.boot-timeout ("
					+ properties.getBootTimeout().toSeconds() + "s), which counts the warm-up pass as part of the boot: "
					+ "lower this or raise prefork.boot-timeout");
		}
		if (warmup.getRequests() > 0 && warmup.getPaths().isEmpty()) {
			errors.rejectValue("warmup.paths", "empty", "must name at least one path, such as /, when "
					+ "prefork.warmup.requests is more than 0");
		}
	}

	/**
	 * Checks every field of a properties class that carries a rule, and the nested properties classes
	 * (such as {@code prefork.warmup}) in turn.
	 */
	private static void checkDeclaredRules(Class<?> type, String prefix, BeanWrapperImpl values, Errors errors) {
		for (Field field : type.getDeclaredFields()) {
			if (Modifier.isStatic(field.getModifiers())) {
				continue;
			}
			String path = prefix + field.getName();
			Allowed allowed = field.getAnnotation(Allowed.class);
			if (allowed != null && !allows(allowed, values.getPropertyValue(path))) {
				errors.rejectValue(path, "allowed", allowed.value());
			}
			else if (field.getType().getDeclaringClass() == PreforkProperties.class && !field.getType().isEnum()) {
				checkDeclaredRules(field.getType(), path + ".", values, errors);
			}
		}
	}

	/** Whether a value keeps a rule: numbers as they are, durations in milliseconds, sizes in megabytes. */
	static boolean allows(Allowed allowed, Object value) {
		if (value == null) {
			return !allowed.required();
		}
		if (value instanceof Collection<?> items) {
			return items.stream().allMatch((item) -> allows(allowed, item));
		}
		if (value instanceof CharSequence text) {
			return allowed.pattern().isEmpty() || text.toString().matches(allowed.pattern());
		}
		long magnitude;
		if (value instanceof Duration duration) {
			magnitude = duration.isNegative() ? -1 : duration.toMillis();
		}
		else if (value instanceof DataSize size) {
			magnitude = size.isNegative() ? -1 : size.toMegabytes();
		}
		else if (value instanceof Number number) {
			magnitude = number.longValue();
		}
		else {
			return true;
		}
		return magnitude >= allowed.min() && magnitude <= allowed.max();
	}

	private static void environment(Errors errors, Map<String, String> env) {
		for (Map.Entry<String, String> variable : env.entrySet()) {
			String name = variable.getKey();
			String field = "env[" + name + "]";
			if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
				errors.rejectValue(field, "format", "must be named with letters, digits and underscores, not starting "
						+ "with a digit; write the name in brackets to keep its case, such as prefork.env[MALLOC_ARENA_MAX]");
			}
			else if (name.startsWith("PREFORKD_")) {
				errors.rejectValue(field, "reserved", "is a name the master sets itself for each worker (PREFORKD_*); "
						+ "choose another name");
			}
			else if (variable.getValue() == null || variable.getValue().indexOf('\0') >= 0) {
				errors.rejectValue(field, "format", "must be a value without NUL characters");
			}
		}
	}

}
