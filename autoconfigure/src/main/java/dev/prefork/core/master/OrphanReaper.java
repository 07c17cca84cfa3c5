package dev.prefork.core.master;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.prefork.core.LibC;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for the orphans a container's PID 1 inherits. When the master is PID 1 (a container's main
 * process), every process of the container whose parent dies becomes its child, and nothing else
 * would wait for them: their zombies would fill the pid table. Once a second the master reaps the
 * zombie children it did not start: a child still a zombie one scan after it was first seen, since
 * the JDK waits for the processes it started within milliseconds, on its own reaper thread.
 */
final class OrphanReaper {

	private static final Logger logger = LoggerFactory.getLogger(OrphanReaper.class);

	private static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

	private static final int WNOHANG = 1;

	private final long pid;

	private Set<Long> zombies = new HashSet<>();

	private long nextAt = System.nanoTime();

	private OrphanReaper(long pid) {
		this.pid = pid;
	}

	/**
	 * A reaper for this process, or null when it is not PID 1 and inherits no orphans.
	 * @return the reaper, or null
	 */
	static OrphanReaper ifPidOne() {
		long pid = ProcessHandle.current().pid();
		if (pid != 1) {
			return null;
		}
		logger.info("Running as PID 1: the master waits for every orphaned process of the container, so none "
				+ "stays a zombie");
		return new OrphanReaper(pid);
	}

	/** Reaps what is due, from the master's loop. */
	void tick(long now) {
		if (now - this.nextAt < 0) {
			return;
		}
		this.nextAt = now + INTERVAL_NANOS;
		Set<Long> seen = zombieChildren(this.pid);
		for (long zombie : seen) {
			if (this.zombies.contains(zombie)) {
				reap(zombie);
			}
		}
		// the ones reaped now are gone; the new ones are reaped at the next scan if still zombies
		seen.removeAll(this.zombies);
		this.zombies = seen;
	}

	private void reap(long zombie) {
		int[] status = new int[1];
		int result = LibC.INSTANCE.waitpid((int) zombie, status, WNOHANG);
		if (result == zombie) {
			logger.debug("Reaped orphaned process {} (wait status {})", zombie, status[0]);
		}
	}

	/** The children of a process that are zombies, from {@code /proc/<pid>/stat}. */
	static Set<Long> zombieChildren(long parent) {
		Set<Long> found = new HashSet<>();
		try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
			for (Path entry : entries.toList()) {
				String name = entry.getFileName().toString();
				if (!name.chars().allMatch(Character::isDigit)) {
					continue;
				}
				try {
					String stat = Files.readString(entry.resolve("stat"));
					// after the command's closing parenthesis: state, then the parent's pid
					String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
					if (fields[0].equals("Z") && Long.parseLong(fields[1]) == parent) {
						found.add(Long.parseLong(name));
					}
				}
				catch (IOException | RuntimeException ex) {
					// the process is gone
				}
			}
		}
		catch (IOException ex) {
			// no /proc: nothing to reap
		}
		return found;
	}

}
