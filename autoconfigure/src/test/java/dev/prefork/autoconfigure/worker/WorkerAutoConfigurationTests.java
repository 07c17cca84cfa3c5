package dev.prefork.autoconfigure.worker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.prefork.autoconfigure.PreforkAutoConfiguration;
import dev.prefork.autoconfigure.actuate.PreforkActuatorAutoConfiguration;
import dev.prefork.autoconfigure.actuate.PreforkEndpoint;
import dev.prefork.core.control.ControlClient;
import dev.prefork.core.control.Json;
import dev.prefork.core.control.ServerStatus;
import dev.prefork.core.worker.MasterLink;
import dev.prefork.core.worker.WorkerEnvironment;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The worker's auto-configurations in a worker: its agent is a bean (as the worker's lifecycle
 * registers it), and the beans that make Tomcat accept on the master's socket, count requests, warm
 * up, and show the whole server (endpoint, meters, health) are there, built on it; an application's
 * own endpoint or health contributor replaces ours. The agent is connected to a real Unix socket
 * standing for the master.
 */
class WorkerAutoConfigurationTests {

	@TempDir
	Path folder;

	private ServerSocketChannel master;

	private MasterLink link;

	private WorkerAgent agent;

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(PreforkAutoConfiguration.class, PreforkWorkerAutoConfiguration.class,
					PreforkActuatorAutoConfiguration.class));

	@BeforeEach
	void connect() throws IOException {
		Path channel = this.folder.resolve("channel.sock");
		this.master = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
		this.master.bind(UnixDomainSocketAddress.of(channel));
		WorkerEnvironment environment = new WorkerEnvironment(1, "token", channel, Duration.ofSeconds(5),
				Duration.ofSeconds(30), 0, false);
		this.link = MasterLink.connect(environment);
		this.agent = new WorkerAgent(environment, this.link);
	}

	@AfterEach
	void close() throws IOException {
		this.link.close();
		this.master.close();
	}

	@Test
	void aWorkersBeansAreBuiltOnItsAgent() {
		this.runner.withBean(WorkerAgent.BEAN_NAME, WorkerAgent.class, () -> this.agent)
			.withPropertyValues("management.endpoints.web.exposure.include=prefork")
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.hasSingleBean(WarmupPass.class)
					.hasBean("preforkRequestTracker")
					.hasBean("preforkInheritedChannelCustomizer")
					.hasSingleBean(PreforkEndpoint.class)
					.hasBean("preforkMasterStatus")
					.hasBean("preforkHealthIndicator")
					.hasBean("preforkMetrics")
					.hasBean("preforkServerWideMeters");
				assertThat(context.getBean("preforkRequestTracker", FilterRegistrationBean.class).getFilter())
					.isInstanceOf(RequestTracker.class);
				assertThat(context.getBean("preforkInheritedChannelCustomizer")).isInstanceOf(WebServerFactoryCustomizer.class);
				assertThat(context.getBean("preforkMetrics")).isInstanceOf(MeterBinder.class);
			});
	}

	@Test
	void theHealthContributorAsksTheMasterOnItsControlSocketBesideTheWorkersChannel() throws Exception {
		ServerStatus status = new ServerStatus(new ServerStatus.Master(4003, "2026-12-03T00:00:00Z", 1, "0.0.0.0:8080", 0,
				2048, 1, 1, 1, false, false, false, null),
				List.of(new ServerStatus.Worker(1, 4026, 1, "ready", 1, 2.5, true, null, 0, null, null)),
				new ServerStatus.Figures(Map.of(), 1, 2.5, 2.5, 0, 0));
		Map<String, Object> answer = new LinkedHashMap<>(Map.of("ok", true));
		answer.putAll(status.toMap());
		try (ServerSocketChannel control = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			control.bind(UnixDomainSocketAddress.of(this.folder.resolve(ControlClient.SOCKET_NAME)));
			Thread answering = new Thread(() -> {
				try (SocketChannel client = control.accept()) {
					client.read(ByteBuffer.allocate(64));
					client.write(ByteBuffer.wrap((Json.write(answer) + "\n").getBytes(StandardCharsets.UTF_8)));
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
			answering.start();
			this.runner.withBean(WorkerAgent.BEAN_NAME, WorkerAgent.class, () -> this.agent).run((context) -> {
				Health health = context.getBean("preforkHealthIndicator", HealthIndicator.class).health(true);
				assertThat(health.getStatus()).isEqualTo(Status.UP);
				assertThat(health.getDetails()).containsEntry("masterPid", 4003L).containsEntry("readyWorkers", 1L);
			});
			answering.join(5_000);
		}
	}

	@Test
	void anApplicationsOwnEndpointAndHealthContributorReplaceOurs() {
		PreforkEndpoint own = new PreforkEndpoint(new ControlClient(this.folder.resolve("elsewhere.sock")));
		this.runner.withBean(WorkerAgent.BEAN_NAME, WorkerAgent.class, () -> this.agent)
			.withPropertyValues("management.endpoints.web.exposure.include=prefork")
			.withBean(PreforkEndpoint.class, () -> own)
			.withBean("preforkHealthIndicator", HealthIndicator.class, () -> () -> Health.up().build())
			.run((context) -> {
				assertThat(context.getBean(PreforkEndpoint.class)).isSameAs(own);
				assertThat(context.getBean("preforkHealthIndicator", HealthIndicator.class).health(true).getDetails())
					.isEmpty();
			});
	}

	@Test
	void withoutAnAgentThereIsNoWorker() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=prefork")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(WarmupPass.class)
				.doesNotHaveBean("preforkRequestTracker")
				.doesNotHaveBean(PreforkEndpoint.class)
				.doesNotHaveBean("preforkHealthIndicator"));
	}

}
