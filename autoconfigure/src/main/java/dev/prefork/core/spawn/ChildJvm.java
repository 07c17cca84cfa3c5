package dev.prefork.core.spawn;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.prefork.core.signal.SignalQueue;

/**
 * How the master starts a JVM of its own. Every such JVM gets HotSpot's suspend/resume signal moved
 * off USR2, so that a USR2 sent to it by mistake cannot abort it, and none gets what is meant for
 * the master alone (systemd's sockets, an upgrade's marker). A helper (the class cache's training
 * run, a jar's extraction) is also tied to the master's life: {@code setpriv --pdeathsig KILL}
 * makes the kernel kill it when the thread that started it, which waits for it, dies with the
 * master, even by SIGKILL. Workers need none of that: they see their channel to the master close.
 */
public final class ChildJvm {

	/** What the master's environment holds for the master alone. */
	private static final List<String> MASTER_ONLY = List.of("PREFORKD_UPGRADE_FROM", SignalQueue.CARRIED_ENV,
			"LISTEN_FDS", "LISTEN_PID", "LISTEN_FDNAMES", "NOTIFY_SOCKET");

	private static final List<Path> SETPRIV = List.of(Path.of("/usr/bin/setpriv"), Path.of("/bin/setpriv"),
			Path.of("/usr/sbin/setpriv"));

	private ChildJvm() {
	}

	/**
	 * A worker's process builder.
	 * @param argv the worker's command line
	 * @return the builder, its environment prepared
	 */
	public static ProcessBuilder worker(List<String> argv) {
		ProcessBuilder builder = new ProcessBuilder(argv);
		prepare(builder.environment());
		return builder;
	}

	/**
	 * A helper's process builder: a JVM that ends when the master dies. Start it from a thread that
	 * waits for it: the kernel ties the helper to that thread.
	 * @param argv the helper's command line
	 * @return the builder, its environment prepared
	 */
	public static ProcessBuilder helper(List<String> argv) {
		List<String> command = new ArrayList<>();
		Path setpriv = setpriv();
		if (setpriv != null) {
			command.addAll(List.of(setpriv.toString(), "--pdeathsig", "KILL", "--"));
		}
		command.addAll(argv);
		ProcessBuilder builder = new ProcessBuilder(command);
		prepare(builder.environment());
		builder.environment().keySet().removeIf((name) -> name.startsWith("PREFORKD_"));
		return builder;
	}

	/**
	 * Whether helpers end with the master: util-linux's {@code setpriv} is installed.
	 * @return true if they do
	 */
	public static boolean helpersEndWithMaster() {
		return setpriv() != null;
	}

	private static Path setpriv() {
		return SETPRIV.stream().filter(Files::isExecutable).findFirst().orElse(null);
	}

	private static void prepare(Map<String, String> environment) {
		MASTER_ONLY.forEach(environment::remove);
		if (!SignalQueue.usr2Free()) {
			environment.put(SignalQueue.SR_SIGNUM_ENV, SignalQueue.SR_SIGNUM);
		}
	}

}
