package dev.prefork.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One run of the control command line ({@code java -jar sample-app.jar --prefork.ctl=...}): its exit
 * code and its output, standard error included.
 */
record ControlCli(int exitCode, String output) {

	/** Runs the CLI against the master whose runtime folder is given. */
	static ControlCli against(Path runtime, String... args) throws IOException, InterruptedException {
		List<String> all = new ArrayList<>(List.of("--prefork.runtime-dir=" + runtime));
		all.addAll(List.of(args));
		return run(List.of(), Map.of(), all.toArray(String[]::new));
	}

	/**
	 * Runs the CLI behind a launcher (such as setpriv), with extra environment, for at most a minute.
	 */
	static ControlCli run(List<String> launcher, Map<String, String> env, String... args)
			throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(launcher);
		command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
				System.getProperty("sample.jar", "target/sample-app.jar")));
		command.addAll(List.of(args));
		Path output = Files.createTempFile("prefork-ctl", ".out");
		try {
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(output.toFile());
			builder.environment().putAll(env);
			Process process = builder.start();
			if (!process.waitFor(60, TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor();
				throw new AssertionError("the CLI did not finish within a minute: " + Files.readString(output));
			}
			return new ControlCli(process.exitValue(), Files.readString(output));
		}
		finally {
			Files.delete(output);
		}
	}

}
