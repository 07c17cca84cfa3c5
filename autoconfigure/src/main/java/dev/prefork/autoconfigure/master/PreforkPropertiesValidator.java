package dev.prefork.autoconfigure.master;

import java.time.Duration;
import java.util.Map;

import dev.prefork.autoconfigure.PreforkProperties;
import dev.prefork.core.ProcessName;
import dev.prefork.core.master.WorkerCapacity;

import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * The rules for {@code prefork.*} values. Spring Boot's binder reports a broken rule with the
 * property, the value and its origin (file and line, environment variable or command line).
 */
final class PreforkPropertiesValidator implements Validator {

	static final int MAX_WORKERS = WorkerCapacity.MAX_WORKERS;

	/** The smallest {@code prefork.max-worker-memory}: below it every worker would be replaced at once. */
	static final long MIN_WORKER_MEMORY_MB = 64;

	@Override
	public boolean supports(Class<?> type) {
		return PreforkProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		PreforkProperties properties = (PreforkProperties) target;
		Integer workers = properties.getWorkers();
		if (workers != null && (workers < 1 || workers > MAX_WORKERS)) {
			errors.rejectValue("workers", "range", "must be between 1 and " + MAX_WORKERS);
		}
		String bind = properties.getBind();
		if (bind != null && (!bind.startsWith("unix:/") || bind.length() > "unix:".length() + 100)) {
			errors.rejectValue("bind", "format", "must be unix:/absolute/path/to/socket (at most 100 characters of "
					+ "path); TCP addresses are server.address and server.port");
		}
		if (properties.getBacklog() < 1) {
			errors.rejectValue("backlog", "range", "must be at least 1 (the kernel caps it at net.core.somaxconn)");
		}
		if (properties.getMaxRequests() < 0) {
			errors.rejectValue("maxRequests", "range", "must be 0 (no limit) or more");
		}
		if (properties.getMaxRequestsJitter() < 0) {
			errors.rejectValue("maxRequestsJitter", "range", "must be 0 or more");
		}
		if (properties.getRestartBudget() < 0) {
			errors.rejectValue("restartBudget", "range", "must be 0 (keep respawning) or more");
		}
		DataSize maxWorkerMemory = properties.getMaxWorkerMemory();
		if (maxWorkerMemory != null && maxWorkerMemory.toMegabytes() < MIN_WORKER_MEMORY_MB) {
			errors.rejectValue("maxWorkerMemory", "range", "must be at least " + MIN_WORKER_MEMORY_MB
					+ "MB (a worker JVM serving a Spring Boot application holds more than that), or unset for no limit");
		}
		positive(errors, "minUptime", properties.getMinUptime());
		positive(errors, "timeout", properties.getTimeout());
		positive(errors, "gracefulTimeout", properties.getGracefulTimeout());
		positive(errors, "bootTimeout", properties.getBootTimeout());
		if (properties.getSlowStart() == null || properties.getSlowStart().isNegative()) {
			errors.rejectValue("slowStart", "range", "must be 0 (no slow start) or a positive duration, such as 30s");
		}
		environment(errors, properties.getEnv());
		String procName = properties.getProcName();
		if (procName == null || !procName.matches("[A-Za-z0-9._-]{1," + ProcessName.MAX_PREFIX + "}")) {
			errors.rejectValue("procName", "format", "must be 1 to " + ProcessName.MAX_PREFIX + " letters, digits, dots, "
					+ "dashes or underscores (the kernel keeps 15 characters of a process name, :master included)");
		}
		PreforkProperties.Warmup warmup = properties.getWarmup();
		if (warmup.getRequests() < 0) {
			errors.rejectValue("warmup.requests", "range", "must be 0 (no warm-up pass) or more");
		}
		positive(errors, "warmup.timeout", warmup.getTimeout());
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
		for (String path : warmup.getPaths()) {
			if (!path.startsWith("/") || path.chars().anyMatch(Character::isWhitespace)) {
				errors.rejectValue("warmup.paths", "format", "must be paths of this application, each starting with "
						+ "/ and without spaces, such as /,/api/orders?page=1");
				break;
			}
		}
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

	private static void positive(Errors errors, String field, Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			errors.rejectValue(field, "positive", "must be a positive duration, such as 30s or 500ms");
		}
	}

}
