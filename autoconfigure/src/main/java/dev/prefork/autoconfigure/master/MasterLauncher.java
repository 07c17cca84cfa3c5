package dev.prefork.autoconfigure.master;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.prefork.autoconfigure.LogFiles;
import dev.prefork.autoconfigure.PreforkProperties;
import dev.prefork.autoconfigure.PreforkProperties.ClassCacheMode;
import dev.prefork.autoconfigure.PreforkProperties.MasterJvmMode;
import dev.prefork.autoconfigure.diagnostics.UnsupportedPlatformException;
import dev.prefork.autoconfigure.diagnostics.UnsupportedWebServerException;
import dev.prefork.autoconfigure.event.MasterEvents;
import dev.prefork.core.ProcessName;
import dev.prefork.core.arbiter.ArbiterSettings;
import dev.prefork.core.master.BoundSettings;
import dev.prefork.core.master.Master;
import dev.prefork.core.master.MasterHooks;
import dev.prefork.core.master.MasterJvm;
import dev.prefork.core.master.MasterSettings;
import dev.prefork.core.net.ListeningSocket;
import dev.prefork.core.signal.IgnoredSignals;
import dev.prefork.core.signal.SignalQueue;
import dev.prefork.core.spawn.ChildJvm;
import dev.prefork.core.spawn.ClassCache;
import dev.prefork.core.spawn.JavaCommand;
import dev.prefork.core.spawn.MasterCommand;
import dev.prefork.core.spawn.MemoryBudget;
import dev.prefork.core.spawn.WorkerSizing;
import dev.prefork.core.spawn.WorkerSpawner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Runs a launch as the master: binds {@code prefork.*}, answers {@code print-config} and
 * {@code check-config}, binds the listening socket and runs the core's {@link Master} until it
 * stops. Any configuration error is thrown before a worker is spawned, so that Spring Boot's failure
 * analysis reports it and the JVM exits non-zero.
 */
public final class MasterLauncher {

	private static final Logger logger = LoggerFactory.getLogger(MasterLauncher.class);

	private static final Duration QUICK_TIMEOUT = Duration.ofSeconds(5);

	private static final int DEFAULT_PORT = 8080;

	private final SpringApplication application;

	private final ConfigurableEnvironment environment;

	private final PrintStream out;

	private final MasterEvents events;

	public MasterLauncher(SpringApplication application, ConfigurableEnvironment environment, PrintStream out) {
		this.application = application;
		this.environment = environment;
		this.out = out;
		this.events = new MasterEvents(application, environment);
	}

	/**
	 * Binds and validates {@code prefork.*} in a worker, which reports the result to its master: the
	 * settings a reload adopts. An invalid value throws, so the worker fails to boot with Spring Boot's
	 * failure analysis, which the master logs.
	 * @param environment the worker's prepared Environment
	 * @return the settings
	 */
	public static BoundSettings boundSettings(ConfigurableEnvironment environment) {
		PreforkBinding binding = PreforkBinding.bind(environment, Runtime.getRuntime().availableProcessors());
		MemoryBudget budget = MemoryBudget.detect();
		if (budget != null) {
			// the same limit as the master's: a reload keeps a lowered default lowered
			List<String> argv = new ArrayList<>(List.of("java"));
			argv.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
			binding = withinMemoryLimit(binding, budget, new JavaCommand(argv));
		}
		String listen = MasterSettings.listen(listenAddress(environment), unixSocket(binding.properties()));
		return new BoundSettings(arbiterSettings(binding), listen);
	}

	/**
	 * Runs the master, or prints or checks the configuration.
	 * @return the exit code for the JVM
	 */
	public int run() {
		PreforkBinding binding = PreforkBinding.bind(this.environment, Runtime.getRuntime().availableProcessors());
		if (binding.properties().getCtl() != null) {
			return new ControlCommandLine(this.environment, binding.properties(), this.out, System.err).run();
		}
		UnsupportedWebServerException.check(this.application.getClassLoader());
		InetSocketAddress address = listenAddress();
		JavaCommand command = workerCommand();
		MemoryBudget budget = MemoryBudget.detect();
		if (budget != null) {
			binding = withinMemoryLimit(binding, budget, command);
		}
		MasterSettings settings = settings(binding, address);
		if (binding.properties().isPrintConfig()) {
			printConfig(binding, settings, command, budget);
			return 0;
		}
		if (binding.properties().isCheckConfig()) {
			this.out.println("prefork configuration is valid: " + binding.workers() + " worker(s) on "
					+ settings.listen());
			return 0;
		}
		UnsupportedPlatformException.check();
		// from here on this launch is the master: no signal it handles may get its default action
		SignalQueue signals = SignalQueue.install(handledSignals(), MasterJvm.isSmall());
		if (binding.properties().getMasterJvm() == MasterJvmMode.SMALL) {
			becomeSmall(signals);
		}
		try {
			this.events.starting();
		}
		catch (MasterHooks.HaltRequest halt) {
			System.err.println("Not starting: " + halt.getMessage() + " (asked by a listener of ArbiterStartingEvent)");
			return halt.exitCode();
		}
		ClassCache classCache = (binding.properties().getClassCache() == ClassCacheMode.OFF)
				? ClassCache.off(command, "prefork.class-cache is off")
				: ClassCache.prepare(command, classCacheDirectory(binding.properties()));
		Map<String, String> workerEnvironment = new LinkedHashMap<>(binding.properties().getEnv());
		workerEnvironment.put(ProcessName.ENV, binding.properties().getProcName());
		ProcessName.set(ProcessName.master(binding.properties().getProcName()));
		Master master = new Master(settings, new WorkerSpawner(command, classCache, workerEnvironment, budget), signals,
				LogFiles::reopen, this.events);
		ListeningSocket socket;
		try {
			socket = master.bind();
		}
		catch (BindException ex) {
			if (settings.unixSocket() != null) {
				throw new UncheckedIOException("Could not listen on " + settings.listen() + ": " + ex.getMessage()
						+ "; stop the process listening there, or set prefork.bind to another path", ex);
			}
			throw new PortInUseException(address.getPort(), ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not listen on " + settings.listen() + ": " + ex.getMessage(), ex);
		}
		try {
			return master.run(socket);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex.getMessage(), ex);
		}
	}

	/**
	 * Re-executes this process as the small master, unless it is that already or a debugger is
	 * attached; returns only if it did not (the JVM as started then serves as the master).
	 */
	private static void becomeSmall(SignalQueue signals) {
		List<String> launched;
		try {
			launched = JavaCommand.commandLine();
		}
		catch (IOException ex) {
			logger.warn("The master keeps the JVM it was started with: could not read its command line ({})",
					ex.getMessage());
			return;
		}
		String keep = MasterJvm.reasonToKeep(launched);
		if (keep != null) {
			if (MasterJvm.isSmall()) {
				logger.debug("Master JVM: {}", keep);
			}
			else {
				logger.info("The master keeps the JVM it was started with: {}", keep);
			}
			return;
		}
		MasterCommand command = MasterCommand.of(launched, MasterJvm.collectorChosen());
		logger.info("Re-executing the master as a small JVM, same pid ({}); prefork.master-jvm=as-started keeps "
				+ "the JVM as started", String.join(" ", command.masterOptions()));
		List<String> takenBack = IgnoredSignals.of(IgnoredSignals.ACTIONS);
		if (!takenBack.isEmpty()) {
			logger.info("The master was started with {} ignored (nohup does that to HUP); it handles {} all the same",
					IgnoredSignals.spell(takenBack), (takenBack.size() == 1) ? "it" : "them");
		}
		signals.handOver();
		String failure = MasterJvm.reexecute(launched.get(0), command);
		signals.takeBack();
		logger.warn("The master keeps the JVM it was started with: {}", failure);
	}

	/**
	 * The signals the master handles. USR2 too where HotSpot still uses it, as a guard that ignores it
	 * with a warning (a USR2 would otherwise abort the JVM), unless Java Flight Recorder runs in this
	 * JVM: its sampler suspends threads with USR2, which a Java handler would take for the operator's.
	 */
	/**
	 * A worker count that fits the memory limit: one the configuration set is refused when it cannot
	 * fit; the default (one per processor) is lowered to what fits, and the log says so.
	 */
	private static PreforkBinding withinMemoryLimit(PreforkBinding binding, MemoryBudget budget,
			JavaCommand command) {
		String refusal = budget.refusal(binding.workers(), command.jvmOptions());
		if (refusal == null) {
			return binding;
		}
		int fitting = budget.fittingWorkers(command.jvmOptions());
		if (binding.workersDefaulted() && fitting >= 1) {
			String origin = binding.origin("prefork.workers") + ", lowered to " + fitting + " to fit "
					+ budget.limitBytes() / (1024 * 1024) + " MB (" + budget.source() + ")";
			logger.warn("Starting {} worker(s), not {}: {}. Set prefork.workers to choose", fitting,
					binding.workers(), refusal);
			return binding.withWorkers(fitting, origin);
		}
		throw new InvalidConfigurationPropertyValueException("prefork.workers", binding.workers(),
				refusal + ". The value comes from " + binding.origin("prefork.workers") + ".");
	}

	private static List<String> handledSignals() {
		List<String> handled = new ArrayList<>(Master.SIGNALS);
		if (!SignalQueue.usr2Free() && flightRecorderRequested()) {
			handled.remove("USR2");
			logger.warn("Java Flight Recorder runs in the master's JVM, which uses SIGUSR2 for it: kill -USR2 would "
					+ "abort the master until it re-executes itself; --prefork.ctl=upgrade upgrades it safely");
		}
		return handled;
	}

	private static boolean flightRecorderRequested() {
		return ManagementFactory.getRuntimeMXBean()
			.getInputArguments()
			.stream()
			.anyMatch((arg) -> arg.contains("FlightRecord"));
	}

	private MasterSettings settings(PreforkBinding binding, InetSocketAddress address) {
		PreforkProperties properties = binding.properties();
		ArbiterSettings arbiter = arbiterSettings(binding);
		Path pidfile = (properties.getPidfile() != null) ? properties.getPidfile().toAbsolutePath() : null;
		return new MasterSettings(address, unixSocket(properties), properties.getBacklog(), runtimeDirectory(properties),
				properties.getRuntimeDir() != null, pidfile, arbiter);
	}

	/** The Unix-domain socket {@code prefork.bind} names, or null to listen over TCP. */
	private static Path unixSocket(PreforkProperties properties) {
		return (properties.getBind() != null) ? Path.of(properties.getBind().substring("unix:".length())) : null;
	}

	private static ArbiterSettings arbiterSettings(PreforkBinding binding) {
		PreforkProperties properties = binding.properties();
		return new ArbiterSettings(binding.workers(), properties.getTimeout(), properties.getGracefulTimeout(),
				properties.getBootTimeout(), QUICK_TIMEOUT, properties.getMaxRequests(), properties.getMaxRequestsJitter(),
				properties.getMinUptime(), properties.getRestartBudget(),
				(properties.getMaxWorkerMemory() != null) ? properties.getMaxWorkerMemory().toBytes() : 0,
				properties.getSlowStart());
	}

	private InetSocketAddress listenAddress() {
		return listenAddress(this.environment);
	}

	private static InetSocketAddress listenAddress(ConfigurableEnvironment environment) {
		Binder binder = Binder.get(environment);
		int port = binder.bind("server.port", Integer.class).orElse(DEFAULT_PORT);
		InetAddress host = binder.bind("server.address", InetAddress.class).orElse(null);
		return (host != null) ? new InetSocketAddress(host, port) : new InetSocketAddress(port);
	}

	private static JavaCommand workerCommand() {
		try {
			return JavaCommand.ofCurrentProcess();
		}
		catch (IOException ex) {
			throw new UnsupportedPlatformException("prefork needs Linux's /proc/self/cmdline to start workers with the "
					+ "master's command line, and could not read it (" + ex.getMessage() + ")");
		}
	}

	private Path classCacheDirectory(PreforkProperties properties) {
		if (properties.getClassCacheDir() != null) {
			return properties.getClassCacheDir().toAbsolutePath();
		}
		String xdg = this.environment.getProperty("XDG_CACHE_HOME");
		if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
			return Path.of(xdg, "prefork");
		}
		return Path.of(System.getProperty("user.home"), ".cache", "prefork");
	}

	private Path runtimeDirectory(PreforkProperties properties) {
		if (properties.getRuntimeDir() != null) {
			return properties.getRuntimeDir().toAbsolutePath();
		}
		return RuntimeDirectories.forPid(this.environment, ProcessHandle.current().pid());
	}

	private void printConfig(PreforkBinding binding, MasterSettings settings, JavaCommand command,
			MemoryBudget budget) {
		PreforkProperties p = binding.properties();
		this.out.println("# Effective prefork configuration (value, then where it came from)");
		Map<String, Object> computed = new LinkedHashMap<>();
		computed.put("prefork.workers", binding.workers());
		computed.put("prefork.class-cache-dir", classCacheDirectory(p));
		computed.put("prefork.runtime-dir", settings.runtimeDirectory());
		computed.put("prefork.pidfile", settings.pidfile());
		computed.put("prefork.proc-name", p.getProcName() + " (" + ProcessName.master(p.getProcName()) + ", "
				+ ProcessName.worker(p.getProcName(), 1) + "...)");
		ConfigurationReport.print(this.out, binding, computed);
		if (settings.unixSocket() == null) {
			this.out.printf(Locale.ROOT, "%-26s = %-28s # %s%n", "server.address", settings.listen(),
					originOf("server.port"));
		}
		this.out.println("# Memory limit: " + ((budget != null) ? budget.describe(binding.workers())
				: "none (no cgroup memory limit); scaling up stays within MemAvailable"));
		this.out.println("# Workers' JVM sizing, added to their options:");
		WorkerSizing.describe(command, binding.workers(), budget).forEach((line) -> this.out.println("#   " + line));
		this.out.println("# Workers out of memory: " + WorkerSizing.describeOutOfMemory(command));
		this.out.println("# Helper JVMs (class cache training, jar extraction): "
				+ (ChildJvm.helpersEndWithMaster() ? "end with the master (setpriv --pdeathsig KILL)"
						: "may outlive a master killed by SIGKILL: install util-linux's setpriv"));
		this.out.println("# Master JVM: " + describeMasterJvm(p.getMasterJvm()));
		this.out.println("# Workers run: " + SanitizedCommandLine.of(command.argv())
				+ ((p.getClassCache() == ClassCacheMode.AUTO) ? " (from the class cache's extracted jar when it applies)" : ""));
	}

	private static String describeMasterJvm(MasterJvmMode mode) {
		if (mode == MasterJvmMode.AS_STARTED) {
			return "as started";
		}
		List<String> launched;
		try {
			launched = JavaCommand.commandLine();
		}
		catch (IOException ex) {
			return "as started, because its command line cannot be read (" + ex.getMessage() + ")";
		}
		String keep = MasterJvm.reasonToKeep(launched);
		if (keep != null && !MasterJvm.isSmall()) {
			return "as started, because " + keep;
		}
		return "small, the same pid re-executed with "
				+ String.join(" ", MasterCommand.of(launched, MasterJvm.collectorChosen()).masterOptions())
				+ " added to the options as launched";
	}

	private String originOf(String name) {
		ConfigurationPropertyName key = ConfigurationPropertyName.of(name);
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(this.environment)) {
			ConfigurationProperty property = source.getConfigurationProperty(key);
			if (property != null) {
				return (property.getOrigin() != null) ? property.getOrigin().toString() : "property source " + source;
			}
		}
		return "default";
	}


}
