package dev.prefork.core.spawn;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A java command line: the master's own, as the kernel recorded it, less the options the small master
 * added for itself ({@link MasterCommand}) and those that only one JVM may use at a time (a
 * debugger's listening port). Workers, the class cache's helper JVMs and a new master (USR2) run it.
 *
 * @param argv the program and its arguments
 */
public record JavaCommand(List<String> argv) {

	public JavaCommand {
		argv = List.copyOf(argv);
	}

	/** Where {@code -jar} stands, or -1 when the application does not run with {@code java -jar}. */
	public int jarIndex() {
		int jar = this.argv.indexOf("-jar");
		return (jar > 0 && jar + 1 < this.argv.size()) ? jar : -1;
	}

	/**
	 * The JVM's options: what stands between java and {@code -jar}; for another launch, every
	 * argument after java, the main class and its arguments included.
	 */
	public List<String> jvmOptions() {
		int jar = jarIndex();
		return this.argv.subList(1, (jar > 0) ? jar : this.argv.size());
	}

	/**
	 * Reads this JVM's command line from /proc/self/cmdline, which keeps every argument exactly,
	 * spaces included.
	 * @return the worker command
	 * @throws IOException if /proc cannot be read
	 */
	public static JavaCommand ofCurrentProcess() throws IOException {
		return of(commandLine());
	}

	/**
	 * This JVM's command line from /proc/self/cmdline, with the java executable's absolute path first.
	 * @return the command line
	 * @throws IOException if /proc cannot be read
	 */
	public static List<String> commandLine() throws IOException {
		byte[] bytes = Files.readAllBytes(Path.of("/proc/self/cmdline"));
		String all = new String(bytes, Charset.defaultCharset());
		List<String> argv = new ArrayList<>(List.of(all.split("\0")));
		String java = ProcessHandle.current().info().command().orElse(argv.get(0));
		argv.set(0, java);
		return argv;
	}

	/**
	 * Builds a worker command from a JVM's command line.
	 * @param jvmArgv the master JVM's argv
	 * @return the worker command
	 */
	public static JavaCommand of(List<String> jvmArgv) {
		List<String> argv = new ArrayList<>();
		for (String arg : MasterCommand.asLaunched(jvmArgv)) {
			if (arg.startsWith("-agentlib:jdwp") || arg.startsWith("-Xrunjdwp")) {
				continue;
			}
			argv.add(arg);
		}
		return new JavaCommand(argv);
	}

}
