package dev.prefork.sample;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.boot.json.JsonParserFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/migrating-from-gunicorn.md keeps its promises: every setting of Gunicorn 26.1 has a row, and
 * every property, command-line option and event class it names exists (the properties in the
 * configuration metadata of prefork, Spring Boot and Tomcat on this class path).
 */
class MigrationGuideTests {

	private static final Path GUIDE = Path.of("..", "docs", "migrating-from-gunicorn.md");

	/** Every setting of Gunicorn 26.1 (gunicorn/config.py), in its order. */
	private static final List<String> GUNICORN_SETTINGS = List.of("config", "wsgi_app", "bind", "backlog", "workers",
			"worker_class", "threads", "worker_connections", "max_requests", "max_requests_jitter", "timeout",
			"graceful_timeout", "keepalive", "limit_request_line", "limit_request_fields", "limit_request_field_size",
			"reload", "reload_engine", "reload_extra_files", "spew", "check_config", "print_config", "preload_app",
			"sendfile", "reuse_port", "chdir", "daemon", "raw_env", "pidfile", "worker_tmp_dir", "user", "group",
			"umask", "initgroups", "tmp_upload_dir", "secure_scheme_headers", "forwarded_allow_ips", "accesslog",
			"disable_redirect_access_to_syslog", "access_log_format", "errorlog", "loglevel", "capture_output",
			"logger_class", "logconfig", "logconfig_dict", "logconfig_json", "syslog_addr", "syslog", "syslog_prefix",
			"syslog_facility", "enable_stdio_inheritance", "statsd_host", "dogstatsd_tags", "statsd_prefix",
			"enable_backlog_metric", "proc_name", "default_proc_name", "pythonpath", "paste", "on_starting",
			"on_reload", "when_ready", "pre_fork", "post_fork", "post_worker_init", "worker_int", "worker_abort",
			"pre_exec", "pre_request", "post_request", "child_exit", "worker_exit", "nworkers_changed", "on_exit",
			"ssl_context", "proxy_protocol", "proxy_allow_ips", "protocol", "uwsgi_allow_ips", "keyfile", "certfile",
			"ssl_version", "cert_reqs", "ca_certs", "suppress_ragged_eofs", "do_handshake_on_connect", "ciphers",
			"http_protocols", "http2_cleartext", "http2_max_concurrent_streams", "http2_initial_window_size",
			"http2_max_frame_size", "http2_max_header_list_size", "raw_paste_global_conf", "permit_obsolete_folding",
			"strip_header_spaces", "permit_unconventional_http_method", "permit_unconventional_http_version",
			"casefold_http_method", "forwarder_headers", "header_map", "asgi_loop", "asgi_lifespan",
			"asgi_disconnect_grace_period", "http_parser", "root_path", "dirty_apps", "dirty_workers", "dirty_timeout",
			"dirty_threads", "dirty_graceful_timeout", "on_dirty_starting", "dirty_post_fork", "dirty_worker_init",
			"dirty_worker_exit", "control_socket", "control_socket_mode", "control_socket_disable");

	private static final Pattern PROPERTY = Pattern
		.compile("(?<![\\w./-])(?:--)?((?:prefork|server|spring|management|logging)(?:\\.[a-z0-9-]+)+(?:\\[[A-Za-z_]+\\])?(?:\\.\\*)?)");

	/** Meters the guide names beside properties. */
	private static final Set<String> METERS = Set.of("prefork.listen.queue");

	private static final Pattern EVENT = Pattern.compile("\\b((?:Arbiter|Worker|Prefork)[A-Za-z]*Event)\\b");

	@Test
	void everyGunicornSettingHasARow() throws IOException {
		String table = guide().substring(guide().indexOf("## Every Gunicorn setting"));
		Set<String> named = new TreeSet<>();
		for (String row : table.split("\n")) {
			if (row.startsWith("| `")) {
				Matcher code = Pattern.compile("`([a-z0-9_]+)`").matcher(row.substring(0, row.indexOf(" | ", 2)));
				while (code.find()) {
					named.add(code.group(1));
				}
			}
		}
		assertThat(GUNICORN_SETTINGS).hasSize(119);
		assertThat(named).containsAll(GUNICORN_SETTINGS);
	}

	@Test
	void everyPropertyItNamesIsDeclared() throws IOException {
		Set<String> declared = declaredProperties();
		List<String> unknown = new ArrayList<>();
		// the Python it translates from is not ours to check
		Matcher property = PROPERTY.matcher(guide().replaceAll("(?s)```python.*?```", ""));
		int seen = 0;
		while (property.find()) {
			seen++;
			String name = property.group(1);
			if (!METERS.contains(name) && !isDeclared(name, declared)) {
				unknown.add(name);
			}
		}
		assertThat(seen).as("properties named in the guide").isGreaterThan(40);
		assertThat(unknown).as("properties the guide names that no metadata declares").isEmpty();
	}

	@Test
	void everyEventItNamesExists() throws IOException {
		Matcher event = EVENT.matcher(guide());
		Set<String> names = new TreeSet<>();
		while (event.find()) {
			names.add(event.group(1));
		}
		assertThat(names).as("an event per Gunicorn hook, and their base class").hasSizeGreaterThanOrEqualTo(14);
		for (String name : names) {
			assertThat(exists("dev.prefork.autoconfigure.event." + name)).as(name).isTrue();
		}
	}

	private static boolean isDeclared(String name, Set<String> declared) {
		if (name.endsWith(".*")) {
			String base = name.substring(0, name.length() - 2);
			return declared.contains(base) || declared.stream().anyMatch((property) -> property.startsWith(base + "."));
		}
		String plain = name.replaceFirst("\\[[A-Za-z_]+\\]$", "");
		return declared.contains(plain) || declared.contains(name)
				|| declared.stream().anyMatch((property) -> plain.startsWith(property + "."));
	}

	@SuppressWarnings("unchecked")
	private static Set<String> declaredProperties() throws IOException {
		Set<String> names = new TreeSet<>();
		for (URL url : Collections.list(MigrationGuideTests.class.getClassLoader()
			.getResources("META-INF/spring-configuration-metadata.json"))) {
			try (InputStream in = url.openStream()) {
				Map<String, Object> metadata = JsonParserFactory.getJsonParser()
					.parseMap(new String(in.readAllBytes(), StandardCharsets.UTF_8));
				for (Object property : (List<Object>) metadata.getOrDefault("properties", List.of())) {
					names.add((String) ((Map<String, Object>) property).get("name"));
				}
			}
		}
		assertThat(names).contains("prefork.workers", "server.port");
		return names;
	}

	private static boolean exists(String className) {
		try {
			Class.forName(className);
			return true;
		}
		catch (ClassNotFoundException ex) {
			return false;
		}
	}

	private static String guide() throws IOException {
		return Files.readString(GUIDE);
	}

}
