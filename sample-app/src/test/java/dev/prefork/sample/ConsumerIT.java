package dev.prefork.sample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The starter as a user gets it: applications outside this reactor (src/it, built by the invoker
 * plugin against the starter as installed in an isolated local repository, with Spring Boot's own
 * parent) run as a master with workers, and one on Jetty is refused before any worker starts.
 */
class ConsumerIT {

	private static final String VERSION = System.getProperty("project.version");

	private static final Path REPOSITORY = Path.of("target", "it-repo", "dev", "prefork");

	@Test
	void theInstalledStarterNeedsNoParentAndCarriesWhatMavenCentralRequires() throws Exception {
		String pom = Files.readString(installed("prefork-spring-boot-starter", ".pom"));
		assertThat(pom).doesNotContain("<parent>")
			.contains("<artifactId>spring-boot-starter-webmvc</artifactId>")
			.contains("<artifactId>prefork-spring-boot-autoconfigure</artifactId>")
			.contains("<name>Apache License, Version 2.0</name>")
			.contains("<scm")
			.contains("<developers>")
			.containsPattern("<url>https?://\\S+</url>");
		assertThat(Files.readString(installed("prefork-spring-boot-autoconfigure", ".pom"))).doesNotContain("<parent>")
			.contains("<version>" + System.getProperty("spring-boot.version") + "</version>");
		for (String attached : List.of("autoconfigure/target/prefork-spring-boot-autoconfigure-" + VERSION + "-sources.jar",
				"autoconfigure/target/prefork-spring-boot-autoconfigure-" + VERSION + "-javadoc.jar",
				"starter/target/prefork-spring-boot-starter-" + VERSION + "-javadoc.jar")) {
			assertThat(Path.of("..").resolve(attached)).isNotEmptyFile();
		}
	}

	@Test
	void anApplicationBuiltAgainstTheInstalledStarterRunsAsAMasterWithWorkers() throws Exception {
		try (PreforkServer server = PreforkServer.startJar("consumer", System.getProperty("consumer.jar"), List.of(),
				Map.of(), "--server.port=0")) {
			int port = server.port();
			List<Long> workers = server.awaitReady(2).readyWorkerPids();
			Set<Long> answered = new HashSet<>();
			await("both workers of the consumer to answer").atMost(Duration.ofSeconds(30)).until(() -> {
				Http.Response response = Http.get(port, "/");
				assertThat(response.status()).isEqualTo(200);
				answered.add(Long.parseLong(response.body().trim()));
				return answered.size() == 2;
			});
			assertThat(answered).containsExactlyInAnyOrderElementsOf(workers).doesNotContain(server.masterPid());
			PreforkServer.signal(server.masterPid(), "TERM");
			assertThat(server.awaitExit(Duration.ofSeconds(60))).isZero();
			await("the consumer's workers to end").atMost(Duration.ofSeconds(10))
				.until(() -> workers.stream().noneMatch(PreforkServer::isAlive));
		}
	}

	@Test
	void anApplicationOnJettyIsRefusedBeforeAnyWorkerStarts() throws Exception {
		try (PreforkServer server = PreforkServer.startJar("consumer-jetty", System.getProperty("consumer-jetty.jar"),
				List.of(), Map.of(), "--server.port=0")) {
			assertThat(server.awaitExit(Duration.ofSeconds(60))).isEqualTo(1);
			assertThat(server.output())
				.contains("prefork's workers serve on Tomcat, and this application's servlet web server is Jetty "
						+ "(org.apache.catalina.startup.Tomcat is not on the class path).")
				.contains("drop spring-boot-starter-jetty")
				.doesNotContain("Listening at:");
			assertThat(server.bootAttempts()).isZero();
		}
	}

	private static Path installed(String artifact, String extension) {
		return REPOSITORY.resolve(artifact).resolve(VERSION).resolve(artifact + "-" + VERSION + extension);
	}

}
