package dev.prefork.sample;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import org.springframework.boot.convert.DurationStyle;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/kubernetes/app.yaml is right for a prefork server: a grace period above the preStop pause plus
 * prefork.graceful-timeout, readiness with the prefork contributor and liveness without it, writable
 * mounts for what prefork writes under a read-only root, and probe paths the sample app, run with
 * the container's environment as Kubernetes sets it, answers within the probes' timeouts, even
 * while its master is stopped.
 */
class KubernetesManifestsIT {

	private static final Path MANIFESTS = Path.of("..", "docs", "kubernetes", "app.yaml");

	@Test
	void theDeploymentsSettingsFitAPreforkServer() throws IOException {
		Map<String, Object> pod = map(map(deployment().get("spec")).get("template"));
		Map<String, Object> spec = map(pod.get("spec"));
		Map<String, Object> container = map(list(spec.get("containers")).get(0));
		Map<String, String> env = env(container);
		Duration graceful = DurationStyle.detectAndParse(env.getOrDefault("PREFORK_GRACEFULTIMEOUT", "30s"));
		int preStop = (Integer) map(map(map(container.get("lifecycle")).get("preStop")).get("sleep")).get("seconds");
		assertThat((Integer) spec.get("terminationGracePeriodSeconds")).as("the grace period")
			.isGreaterThan(preStop + (int) graceful.toSeconds());
		assertThat(env.get("MANAGEMENT_ENDPOINT_HEALTH_GROUP_READINESS_INCLUDE")).contains("prefork");
		assertThat(env.keySet()).as("liveness stays Spring Boot's own").noneMatch((name) -> name.contains("LIVENESS"));
		assertThat(path(container, "livenessProbe")).isEqualTo("/actuator/health/liveness");
		assertThat(path(container, "readinessProbe")).isEqualTo("/actuator/health/readiness");
		assertThat((Boolean) map(container.get("securityContext")).get("readOnlyRootFilesystem")).isTrue();
		List<String> mounts = list(container.get("volumeMounts")).stream()
			.map((mount) -> (String) map(mount).get("mountPath"))
			.toList();
		assertThat(mounts).as("java.io.tmpdir: the master's runtime folder, Tomcat's work folder").contains("/tmp");
		assertThat(mounts).as("a mount holding the class cache")
			.anyMatch((mount) -> Path.of(env.get("PREFORK_CLASSCACHEDIR")).startsWith(mount));
		Map<String, Object> service = map(documents().stream()
			.filter((document) -> "Service".equals(map(document).get("kind")))
			.findFirst()
			.orElseThrow());
		Object targetPort = map(list(map(service.get("spec")).get("ports")).get(0)).get("targetPort");
		assertThat(list(container.get("ports")).stream().map((port) -> map(port).get("name"))).contains(targetPort);
	}

	@Test
	void theProbePathsAnswerInTimeEvenWhileTheMasterIsStopped() throws Exception {
		Map<String, Object> container = map(list(map(map(map(deployment().get("spec")).get("template")).get("spec"))
			.get("containers")).get(0));
		Map<String, String> env = new HashMap<>(env(container));
		env.remove("PREFORK_CLASSCACHEDIR");
		// what Kubernetes sets in every container: Spring Boot then turns on the liveness and readiness groups
		env.put("KUBERNETES_SERVICE_HOST", "127.0.0.1");
		env.put("KUBERNETES_SERVICE_PORT", "443");
		// shows which contributors each group has; it changes no group's members (a property under
		// group.liveness would: it makes liveness a group of the user's, of every contributor)
		env.put("MANAGEMENT_ENDPOINT_HEALTH_SHOWCOMPONENTS", "always");
		try (PreforkServer server = PreforkServer.start("kubernetes", env, "--server.port=0")) {
			int port = server.port();
			server.awaitReady(2);
			Http.Response readiness = Http.get(port, path(container, "readinessProbe"));
			assertThat(readiness.status()).isEqualTo(200);
			assertThat(readiness.body()).contains("\"prefork\"").contains("\"readinessState\"");
			Http.Response liveness = Http.get(port, path(container, "livenessProbe"));
			assertThat(liveness.status()).isEqualTo(200);
			// Spring Boot's own liveness group hides its members; a group of the user's would show them,
			// prefork among them if it were included
			assertThat(liveness.body()).doesNotContain("prefork");
			assertThat(Http.get(port, path(container, "startupProbe")).status()).isEqualTo(200);
			PreforkServer.signal(server.masterPid(), "STOP");
			try {
				for (String probe : List.of("livenessProbe", "readinessProbe")) {
					long started = System.nanoTime();
					Http.Response answer = Http.get(port, path(container, probe));
					Duration took = Duration.ofNanos(System.nanoTime() - started);
					assertThat(answer.status()).as(probe + " while the master is stopped").isEqualTo(200);
					assertThat(took).as(probe + "'s time while the master is stopped")
						.isLessThan(Duration.ofSeconds((Integer) map(container.get(probe)).get("timeoutSeconds")));
				}
			}
			finally {
				PreforkServer.signal(server.masterPid(), "CONT");
			}
		}
	}

	private static Map<String, Object> deployment() throws IOException {
		return map(documents().stream()
			.filter((document) -> "Deployment".equals(map(document).get("kind")))
			.findFirst()
			.orElseThrow());
	}

	private static List<Object> documents() throws IOException {
		List<Object> documents = new ArrayList<>();
		try (Reader reader = Files.newBufferedReader(MANIFESTS)) {
			new Yaml().loadAll(reader).forEach(documents::add);
		}
		return documents;
	}

	private static Map<String, String> env(Map<String, Object> container) {
		Map<String, String> env = new HashMap<>();
		list(container.get("env")).forEach((variable) -> env.put((String) map(variable).get("name"),
				String.valueOf(map(variable).get("value"))));
		return env;
	}

	private static String path(Map<String, Object> container, String probe) {
		return (String) map(map(container.get(probe)).get("httpGet")).get("path");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		return (Map<String, Object>) value;
	}

	@SuppressWarnings("unchecked")
	private static List<Object> list(Object value) {
		return (List<Object>) value;
	}

}
