package dev.prefork.autoconfigure.actuate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import dev.prefork.core.control.ControlClient;
import dev.prefork.core.control.ServerStatus;
import dev.prefork.core.master.WorkerCapacity;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.json.JsonParserFactory;

/**
 * {@code /actuator/prefork}. Reading shows the master's truth (its pid, generation, target and live
 * workers, and each worker's state, age, boot time, requests, resident memory and last heartbeat),
 * asked over the master's control socket, whichever worker answers. Writing scales, adds or removes
 * a worker, or reloads: read-only by default, as Spring Boot's shutdown endpoint is off by default,
 * so writes need {@code management.endpoint.prefork.access=unrestricted} (and an authenticated
 * caller when Spring Security guards Actuator).
 */
@Endpoint(id = "prefork", defaultAccess = Access.READ_ONLY)
public class PreforkEndpoint {

	private static final List<String> ACTIONS = List.of("reload", "ttin", "ttou", "scale");

	private final ControlClient master;

	public PreforkEndpoint(ControlClient master) {
		this.master = master;
	}

	@ReadOperation
	public Map<String, Object> prefork() {
		return withoutPaths(ask("status"));
	}

	/**
	 * Asks the master to act.
	 * @param action {@code reload}, {@code ttin}, {@code ttou} or {@code scale}
	 * @param workers the number of workers, for {@code scale}
	 * @return the master's status after accepting the action
	 */
	@WriteOperation
	public Map<String, Object> control(String action, @Nullable Integer workers) {
		if (!ACTIONS.contains(action)) {
			throw new InvalidEndpointRequestException("Unknown action '" + action + "'; one of " + ACTIONS,
					"Unknown action");
		}
		if (action.equals("scale") && (workers == null || workers < 1 || workers > WorkerCapacity.MAX_WORKERS)) {
			throw new InvalidEndpointRequestException(
					"scale needs \"workers\" from 1 to " + WorkerCapacity.MAX_WORKERS, "Invalid workers");
		}
		if (!action.equals("scale") && workers != null) {
			throw new InvalidEndpointRequestException(action + " takes no \"workers\"", "Unexpected workers");
		}
		return withoutPaths(ask(action.equals("scale") ? "scale " + workers : action));
	}

	/**
	 * The status as HTTP callers see it: the class cache's state without the folder it names, which
	 * holds the home folder of the user that runs the server (the CLI, local to that user, shows it).
	 */
	private static Map<String, Object> withoutPaths(Map<String, Object> answer) {
		try {
			return ServerStatus.from(answer).withoutPaths().toMap();
		}
		catch (IllegalArgumentException ex) {
			throw new UncheckedIOException("The prefork master's answer is not a status: " + ex.getMessage(),
					new IOException(ex));
		}
	}

	private Map<String, Object> ask(String command) {
		try {
			Map<String, Object> answer = JsonParserFactory.getJsonParser().parseMap(this.master.send(command));
			if (Boolean.FALSE.equals(answer.get("ok"))) {
				throw new InvalidEndpointRequestException("The prefork master refused '" + command + "': "
						+ answer.get("error"), "Refused by the master");
			}
			answer.remove("ok");
			return answer;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The prefork master did not answer on its control socket: " + ex.getMessage(),
					ex);
		}
	}

}
