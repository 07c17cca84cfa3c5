package dev.prefork.core.spawn;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.util.List;
import java.util.Map;

import dev.prefork.core.worker.WorkerEnvironment;

/**
 * Starts worker JVMs. Standard input is inherited, which is the listening socket once the master put
 * it on its descriptor 0; standard output and error are the master's, so worker logs reach the same
 * console or file. The JDK closes every other descriptor in the child.
 */
public final class WorkerSpawner {

	private final JavaCommand command;

	private final ClassCache classCache;

	private final Map<String, String> extraEnvironment;

	private final MemoryBudget memoryBudget;

	/**
	 * @param command the master's command line, which workers run as it is when the class cache is off
	 * @param classCache the workers' class cache
	 * @param extraEnvironment variables added to every worker's environment
	 * @param memoryBudget the memory limit the whole server runs under, or null for none
	 */
	public WorkerSpawner(JavaCommand command, ClassCache classCache, Map<String, String> extraEnvironment,
			MemoryBudget memoryBudget) {
		this.command = command;
		this.classCache = classCache;
		this.extraEnvironment = Map.copyOf(extraEnvironment);
		this.memoryBudget = memoryBudget;
	}

	/**
	 * Starts one worker.
	 * @param environment who the worker is
	 * @param workers how many workers the master keeps now, which sizes the worker's JVM
	 * @return its process
	 * @throws IOException if the JVM could not be started
	 */
	public Spawned spawn(WorkerEnvironment environment, int workers) throws IOException {
		JavaCommand command = WorkerSizing.apply(this.classCache.workerCommand(), workers, this.memoryBudget);
		ProcessBuilder builder = ChildJvm.worker(command.argv());
		builder.redirectInput(Redirect.INHERIT);
		builder.redirectOutput(Redirect.INHERIT);
		builder.redirectError(Redirect.INHERIT);
		Map<String, String> env = builder.environment();
		env.putAll(this.extraEnvironment);
		env.putAll(environment.toEnvironment());
		List<String> options = command.jvmOptions();
		String outOfMemoryHeap = options.contains(WorkerSizing.EXIT_ON_OUT_OF_MEMORY) ? WorkerSizing.heapLimit(options)
				: null;
		return new Spawned(builder.start(), outOfMemoryHeap);
	}

	/**
	 * A worker JVM just started.
	 * @param process its process
	 * @param outOfMemoryHeap its heap limit when it exits on its first OutOfMemoryError (the master
	 * added {@code -XX:+ExitOnOutOfMemoryError}), for the log line that names such an exit; null when
	 * the user chose what the JVM does then
	 */
	public record Spawned(Process process, String outOfMemoryHeap) {
	}

	/** The master's own command line, which probes and new masters run. */
	public JavaCommand command() {
		return this.command;
	}

	public ClassCache classCache() {
		return this.classCache;
	}

}
