package dev.prefork.sample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Workers serve on the master's one socket, and a killed worker is replaced without the socket ever
 * refusing a connection.
 */
class ServingIT {

	@Test
	void bothWorkersAnswerOnTheMastersPort() throws Exception {
		try (PreforkServer server = PreforkServer.start("both-workers-answer", "--server.port=0")) {
			int port = server.port();
			List<Long> workers = server.awaitReady(2).readyWorkerPids();
			assertThat(workers).doesNotContain(server.masterPid());
			Set<Long> answered = new HashSet<>();
			await("both workers to answer /pid").atMost(Duration.ofSeconds(30)).until(() -> {
				Http.Response response = Http.get(port, "/pid");
				assertThat(response.status()).isEqualTo(200);
				answered.add(Long.parseLong(response.body().trim()));
				return answered.size() == 2;
			});
			assertThat(answered).containsExactlyInAnyOrderElementsOf(workers);
			assertThat(Http.get(port, "/")).isEqualTo(new Http.Response(200, "hello"));
			assertThat(server.output()).doesNotContain("kill -USR2 is ignored");
			assertThat(comm(server.masterPid())).isEqualTo("prefork:master");
		}
	}

	@Test
	void psTellsTheMasterAndEachWorkerApartAndWorkersGetTheConfiguredEnvironment() throws Exception {
		try (PreforkServer server = PreforkServer.start("names-and-env", "--server.port=0", "--prefork.proc-name=shop",
				"--prefork.env[MALLOC_ARENA_MAX]=2", "--prefork.env[SAMPLE_GREETING]=hello world")) {
			List<Long> workers = server.awaitReady(2).readyWorkerPids();
			assertThat(comm(server.masterPid())).isEqualTo("shop:master");
			Set<String> names = new HashSet<>();
			for (long worker : workers) {
				names.add(comm(worker));
				assertThat(environ(worker)).contains("MALLOC_ARENA_MAX=2", "SAMPLE_GREETING=hello world");
			}
			assertThat(names).containsExactlyInAnyOrder("shop:w1", "shop:w2");
			assertThat(environ(server.masterPid())).doesNotContain("MALLOC_ARENA_MAX=2");
		}
	}

	private static String comm(long pid) throws Exception {
		return Files.readString(Path.of("/proc", Long.toString(pid), "comm")).strip();
	}

	private static List<String> environ(long pid) throws Exception {
		return List.of(Files.readString(Path.of("/proc", Long.toString(pid), "environ")).split("\0"));
	}

	@Test
	void aKilledWorkerIsReplacedAndTheSocketNeverRefuses() throws Exception {
		try (PreforkServer server = PreforkServer.start("killed-worker-replaced", "--server.port=0")) {
			int port = server.port();
			List<Long> workers = server.awaitReady(2).readyWorkerPids();
			long victim = workers.get(0);
			PreforkServer.signal(victim, "KILL");
			// kill(2) returns before the victim is gone, and until its threads are torn down its
			// acceptor may still take a connection, which dies with it: a killed worker loses what it
			// was serving at that instant. From then on no connection may fail.
			await("the killed worker to be gone").atMost(Duration.ofSeconds(10)).until(() -> !PreforkServer.isAlive(victim));
			int served = 0;
			while (server.readyWorkerPids().size() < 3) {
				assertThat(Http.get(port, "/").status()).isEqualTo(200);
				served++;
				assertThat(served).as("requests served while waiting for the replacement").isLessThan(100_000);
			}
			assertThat(server.output()).contains("(pid " + victim + ") was killed by signal 9 (SIGKILL)");
			long replacement = server.readyWorkerPids().get(2);
			assertThat(replacement).isNotIn(workers);
			assertThat(PreforkServer.isAlive(victim)).isFalse();
			Set<Long> answered = new HashSet<>();
			await("the replacement to answer").atMost(Duration.ofSeconds(30)).until(() -> {
				answered.add(Long.parseLong(Http.get(port, "/pid").body().trim()));
				return answered.contains(replacement);
			});
			assertThat(answered).doesNotContain(victim);
		}
	}

	@Test
	void aWorkerHoldsNoDescriptorOfTheMasterButTheListeningSocket() throws Exception {
		try (PreforkServer server = PreforkServer.start("worker-descriptors", "--server.port=0")) {
			server.port();
			long worker = server.awaitReady(2).readyWorkerPids().get(0);
			Set<String> masterObjects = kernelObjects(server.masterPid());
			String listening = Files.readSymbolicLink(Path.of("/proc/" + worker + "/fd/0")).toString();
			assertThat(listening).startsWith("socket:[");
			assertThat(masterObjects).contains(listening);
			Set<String> shared = kernelObjects(worker);
			shared.retainAll(masterObjects);
			assertThat(shared).containsOnly(listening);
		}
	}

	/** Sockets and pipes a process has open: each is a kernel object, shared only if inherited. */
	private static Set<String> kernelObjects(long pid) throws Exception {
		Set<String> objects = new HashSet<>();
		try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
			for (Path fd : fds.toList()) {
				String name = fd.getFileName().toString();
				if (name.equals("1") || name.equals("2")) {
					continue; // standard output and error are the master's on purpose
				}
				try {
					String target = Files.readSymbolicLink(fd).toString();
					if (target.startsWith("socket:") || target.startsWith("pipe:")) {
						objects.add(target);
					}
				}
				catch (java.io.IOException ex) {
					// closed while we looked
				}
			}
		}
		return objects;
	}

}
