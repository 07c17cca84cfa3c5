package dev.prefork.core.master;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import com.sun.management.HotSpotDiagnosticMXBean;
import com.sun.management.VMOption;
import dev.prefork.core.LibC;
import dev.prefork.core.spawn.MasterCommand;

/**
 * Turns the master's JVM, started with the application's options and sized for serving, into a
 * small one: the same process (pid, environment, standard streams, inherited sockets) re-executes
 * itself with {@link MasterCommand}'s options in front of its own. The master idles most of the time,
 * so a client-compiler JVM with a serial collector does its work in a fraction of the memory.
 */
public final class MasterJvm {

	private static final int F_GETFD = 1;

	private static final int F_SETFD = 2;

	private static final int FD_CLOEXEC = 1;

	private static final List<String> COLLECTORS = List.of("UseSerialGC", "UseParallelGC", "UseG1GC", "UseZGC",
			"UseShenandoahGC", "UseEpsilonGC");

	private MasterJvm() {
	}

	/** Whether this JVM is the small master already (its command line has the marker). */
	public static boolean isSmall() {
		return System.getProperty(MasterCommand.MARKER_PROPERTY) != null;
	}

	/**
	 * Why this master keeps the JVM it was started with, or null when it may re-execute itself.
	 * @param launched the command line as started
	 * @return the reason, or null
	 */
	public static String reasonToKeep(List<String> launched) {
		if (isSmall()) {
			return "it is the small master already";
		}
		return reasonToKeep(launched, System.getProperty("java.vm.name", ""), hotSpot());
	}

	/**
	 * Why a master keeps the JVM it was started with, from its command line and the JVM it runs on.
	 * @param launched the command line as started
	 * @param vmName the JVM's name ({@code java.vm.name})
	 * @param hotSpot whether the JVM is HotSpot, which takes the small master's options
	 * @return the reason, or null
	 */
	static String reasonToKeep(List<String> launched, String vmName, boolean hotSpot) {
		if (!hotSpot) {
			return "it runs on " + vmName + ", not HotSpot, whose options the small master's are";
		}
		for (String arg : launched) {
			if (arg.startsWith("-D" + MasterCommand.MARKER_PROPERTY + "=")) {
				// never twice, even if the JVM did not take the marker as its option
				return "it was re-executed once already";
			}
			if (arg.startsWith("-agentlib:jdwp") || arg.startsWith("-Xrunjdwp")) {
				return "a debugger is attached to it (" + arg + ")";
			}
		}
		return null;
	}

	private static boolean hotSpot() {
		try {
			return ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class) != null;
		}
		catch (IllegalArgumentException | LinkageError ex) {
			return false;
		}
	}

	/**
	 * Whether the launch chose a garbage collector, on the command line, in an argument file or in
	 * {@code JAVA_TOOL_OPTIONS}: the small master keeps it then.
	 * @return true if a collector was chosen
	 */
	public static boolean collectorChosen() {
		HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
		for (String flag : COLLECTORS) {
			try {
				VMOption option = hotspot.getVMOption(flag);
				if ("true".equals(option.getValue()) && option.getOrigin() != VMOption.Origin.DEFAULT
						&& option.getOrigin() != VMOption.Origin.ERGONOMIC) {
					return true;
				}
			}
			catch (IllegalArgumentException ex) {
				// a collector this JVM was built without
			}
		}
		return false;
	}

	/**
	 * Re-executes this process with the given command line. Every descriptor from 3 on is marked
	 * close-on-exec first, except the sockets systemd passed to this process; standard input (the
	 * socket of an in-place upgrade), output and error stay open.
	 * @param program the java executable's absolute path
	 * @param command the command line
	 * @return why it failed: it returns only then
	 */
	public static String reexecute(String program, MasterCommand command) {
		int keepUpTo = SystemdActivation.FIRST_FD
				+ SystemdActivation.passedTo(System.getenv(), ProcessHandle.current().pid()) - 1;
		try {
			closeOnExec(keepUpTo);
		}
		catch (IOException ex) {
			return "could not list this process's descriptors (" + ex.getMessage() + ")";
		}
		System.out.flush();
		System.err.flush();
		LibC.INSTANCE.execv(program, command.argv().toArray(String[]::new));
		return "execv failed with errno " + LibC.errno();
	}

	private static void closeOnExec(int keepUpTo) throws IOException {
		try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
			for (Path descriptor : descriptors.toList()) {
				int fd = Integer.parseInt(descriptor.getFileName().toString());
				if (fd > keepUpTo) {
					int flags = LibC.INSTANCE.fcntl(fd, F_GETFD, 0);
					if (flags >= 0) {
						LibC.INSTANCE.fcntl(fd, F_SETFD, flags | FD_CLOEXEC);
					}
				}
			}
		}
	}

}
