package dev.prefork.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.prefork.core.ProcessName;
import dev.prefork.core.master.WorkerCapacity;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DataSizeUnit;
import org.springframework.util.unit.DataSize;
import org.springframework.util.unit.DataUnit;

/**
 * Configuration of the prefork master and its workers ({@code prefork.*}). Web server settings
 * (threads, keep-alive, TLS) stay under {@code server.*}: each worker is a full Spring Boot web
 * server.
 */
@ConfigurationProperties("prefork")
public class PreforkProperties {

	/** Default listen backlog, as Gunicorn's. */
	public static final int DEFAULT_BACKLOG = 2048;

	private static final String POSITIVE_DURATION = "must be a positive duration, such as 30s or 500ms";

	/**
	 * Whether to run the application as a master with pre-forked worker JVMs. When false, the
	 * application runs as one plain Spring Boot JVM.
	 */
	private boolean enabled = true;

	/**
	 * Number of worker JVMs, from 1 to 1024. Defaults to the WEB_CONCURRENCY environment variable if
	 * set, else to two, or one per four available processors on larger machines (a worker JVM serves on
	 * every core). TTIN and scaling stay within 1024 and within
	 * what memory holds.
	 */
	@Allowed(value = "must be between 1 and " + WorkerCapacity.MAX_WORKERS, min = 1, max = WorkerCapacity.MAX_WORKERS)
	private Integer workers;

	/**
	 * Unix-domain socket to listen on instead of server.address and server.port, as unix:/path/to/app.sock.
	 * The master creates it (replacing a stale file) and removes it when it exits.
	 */
	@Allowed(value = "must be unix:/absolute/path/to/socket (at most 100 characters of path); TCP addresses are "
			+ "server.address and server.port", pattern = "unix:/.{0,99}")
	private String bind;

	/** Length of the listening socket's accept queue. */
	@Allowed(value = "must be at least 1 (the kernel caps it at net.core.somaxconn)", min = 1)
	private int backlog = DEFAULT_BACKLOG;

	/**
	 * Heartbeat silence after which a worker is considered hung (its thread dump is logged, then it is
	 * killed and replaced), and how long one request may run before its worker is recycled.
	 */
	@Allowed(value = POSITIVE_DURATION, min = 1, required = true)
	private Duration timeout = Duration.ofSeconds(30);

	/**
	 * How long a stopping worker may take to finish its in-flight requests before it is killed.
	 */
	@Allowed(value = POSITIVE_DURATION, min = 1, required = true)
	private Duration gracefulTimeout = Duration.ofSeconds(30);

	/**
	 * How long a worker may take from spawn until its web server accepts before it is killed.
	 */
	@Allowed(value = POSITIVE_DURATION, min = 1, required = true)
	private Duration bootTimeout = Duration.ofSeconds(120);

	/**
	 * Number of requests a worker serves before it is replaced (a replacement boots and warms up first,
	 * then the worker stops gracefully). 0 for no limit.
	 */
	@Allowed(value = "must be 0 (no limit) or more", min = 0)
	private long maxRequests;

	/**
	 * Up to how many requests are added at random to each worker's max-requests, so that workers
	 * started together are not replaced together.
	 */
	@Allowed(value = "must be 0 or more", min = 0)
	private long maxRequestsJitter;

	/**
	 * How long a worker must serve for its death to be an ordinary crash, replaced at once; a worker
	 * that dies sooner is respawned with a growing delay.
	 */
	@Allowed(value = POSITIVE_DURATION, min = 1, required = true)
	private Duration minUptime = Duration.ofSeconds(10);

	/**
	 * How many times in a row a worker may die within min-uptime of boot before the master stops with
	 * exit code 5. 0 to keep respawning forever, with a growing delay.
	 */
	@Allowed(value = "must be 0 (keep respawning) or more", min = 0)
	private int restartBudget;

	/**
	 * Resident memory (RSS) past which a worker is recycled, as uWSGI's reload-on-rss and PM2's
	 * max_memory_restart: its replacement boots and warms up first, then it stops gracefully, one
	 * worker at a time. Checked by the master every few seconds. A number without a unit is megabytes. Unset for no limit.
	 */
	@Allowed(value = "must be at least 64MB (a worker JVM serving a Spring Boot application holds more than that), "
			+ "or unset for no limit", min = 64)
	@DataSizeUnit(DataUnit.MEGABYTES)
	private DataSize maxWorkerMemory;

	/** What JVM the master runs in ({@code prefork.master-jvm}). */
	public enum MasterJvmMode {

		/** Re-execute the master as a small JVM, keeping its pid. */
		SMALL,

		/** Keep the JVM as the application was started. */
		AS_STARTED

	}

	/** The warm-up pass a worker makes before it takes traffic. */
	private final Warmup warmup = new Warmup();

	/**
	 * Longest slow start of a new worker: beside warm workers it accepts one connection at first and
	 * twice as many each time its JIT has been quiet for a few ticks, as load balancers' slow start;
	 * the first worker takes every connection and is warm once its JIT is quiet. Only a warm worker
	 * counts: the worker it replaces stops, and the next one boots (one per four processors at a
	 * time), only then. 0 for none: workers are warm once ready and boot together.
	 */
	@Allowed(value = "must be 0 (no slow start) or a positive duration, such as 30s", min = 0, required = true)
	private Duration slowStart = Duration.ofSeconds(30);

	/**
	 * Meters (timers and counters) each worker reports to the master with its heartbeats; every worker
	 * then shows their sums over the whole server, workers that exited included, as prefork.NAME.
	 * Empty to report none.
	 */
	private List<String> serverMeters = new ArrayList<>(List.of("http.server.requests"));

	/**
	 * Whether workers boot from a class cache the master prepares: the jar extracted once, and a class
	 * archive (JDK 25's AOT cache, AppCDS before) trained once in the background and reused by every
	 * worker started later and by later masters of the same jar and JVM.
	 */
	private ClassCacheMode classCache = ClassCacheMode.AUTO;

	/**
	 * Folder of the class cache, private to the user (mode 0700). Defaults to prefork under
	 * XDG_CACHE_HOME, else ~/.cache/prefork.
	 */
	private Path classCacheDir;

	/**
	 * The master's JVM. small: the master re-executes itself, keeping its pid, as a JVM sized for
	 * supervising: client compiler only and compiling less, the serial collector unless the launch
	 * chose one, a heap of 4 MB growing to 128 MB (with java -jar these override the options as
	 * launched), handling HUP, TTIN, TTOU and USR1 even if the launch left them ignored (nohup), and
	 * USR2 (in-place upgrade) with nothing to set, as it moves the JVM's own use of USR2 away; not
	 * done under a debugger or on a JVM other than HotSpot. as-started: the master keeps the JVM the
	 * application was started with, and handles USR2 only if started with _JAVA_SR_SIGNUM set.
	 * Workers run with the options as launched either way.
	 */
	private MasterJvmMode masterJvm = MasterJvmMode.SMALL;

	/**
	 * Private folder (mode 0700) for the master's sockets. An existing folder must be a real folder
	 * owned by the user that runs the master, mode 0700. Defaults to a folder named after the
	 * master's pid under XDG_RUNTIME_DIR, or under java.io.tmpdir, with a random suffix when another
	 * user took that name.
	 */
	private Path runtimeDir;

	/**
	 * File the master writes its pid to once the socket is bound, and removes when it exits.
	 */
	private Path pidfile;

	/**
	 * Environment variables added to every worker's environment, as Gunicorn's raw_env, such as
	 * prefork.env[MALLOC_ARENA_MAX]=2. Read when the master starts, like the workers' JVM options: a
	 * reload keeps them, a restart or an upgrade (USR2) applies new ones.
	 */
	private Map<String, String> env = new LinkedHashMap<>();

	/**
	 * First part of the process names ps, top and pgrep show, as Gunicorn's proc_name: NAME:master for
	 * the master and NAME:w1, NAME:w2... for the workers, instead of java for all of them. Up to 8
	 * letters, digits, dots, dashes or underscores.
	 */
	@Allowed(value = "must be 1 to " + ProcessName.MAX_PREFIX + " letters, digits, dots, dashes or underscores (the kernel "
			+ "keeps 15 characters of a process name, :master included)",
			pattern = "[A-Za-z0-9._-]{1," + ProcessName.MAX_PREFIX + "}", required = true)
	private String procName = "prefork";

	/**
	 * Command to send to a running master's control socket instead of starting one, such as status,
	 * reload, ttin, ttou, "scale 4", reopen-logs, upgrade, winch, stop or quit.
	 */
	private String ctl;

	/**
	 * Whether prefork.ctl prints the master's JSON answer instead of a table.
	 */
	private boolean ctlJson;

	/**
	 * Pid of the master prefork.ctl talks to, when several run.
	 */
	private Long ctlMaster;

	/**
	 * Whether to print the effective prefork configuration with the origin of each value, then exit.
	 */
	private boolean printConfig;

	/**
	 * Whether to validate the configuration, then exit: 0 when it is valid.
	 */
	private boolean checkConfig;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public ClassCacheMode getClassCache() {
		return this.classCache;
	}

	public void setClassCache(ClassCacheMode classCache) {
		this.classCache = classCache;
	}

	public MasterJvmMode getMasterJvm() {
		return this.masterJvm;
	}

	public void setMasterJvm(MasterJvmMode masterJvm) {
		this.masterJvm = masterJvm;
	}

	public Path getClassCacheDir() {
		return this.classCacheDir;
	}

	public void setClassCacheDir(Path classCacheDir) {
		this.classCacheDir = classCacheDir;
	}

	public Warmup getWarmup() {
		return this.warmup;
	}

	public Map<String, String> getEnv() {
		return this.env;
	}

	public void setEnv(Map<String, String> env) {
		this.env = env;
	}

	public String getProcName() {
		return this.procName;
	}

	public void setProcName(String procName) {
		this.procName = procName;
	}

	public Duration getSlowStart() {
		return this.slowStart;
	}

	public void setSlowStart(Duration slowStart) {
		this.slowStart = slowStart;
	}

	public List<String> getServerMeters() {
		return this.serverMeters;
	}

	public void setServerMeters(List<String> serverMeters) {
		this.serverMeters = serverMeters;
	}

	public Integer getWorkers() {
		return this.workers;
	}

	public void setWorkers(Integer workers) {
		this.workers = workers;
	}

	public String getBind() {
		return this.bind;
	}

	public void setBind(String bind) {
		this.bind = bind;
	}

	public int getBacklog() {
		return this.backlog;
	}

	public void setBacklog(int backlog) {
		this.backlog = backlog;
	}

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

	public Duration getGracefulTimeout() {
		return this.gracefulTimeout;
	}

	public void setGracefulTimeout(Duration gracefulTimeout) {
		this.gracefulTimeout = gracefulTimeout;
	}

	public Duration getBootTimeout() {
		return this.bootTimeout;
	}

	public void setBootTimeout(Duration bootTimeout) {
		this.bootTimeout = bootTimeout;
	}

	public long getMaxRequests() {
		return this.maxRequests;
	}

	public void setMaxRequests(long maxRequests) {
		this.maxRequests = maxRequests;
	}

	public long getMaxRequestsJitter() {
		return this.maxRequestsJitter;
	}

	public void setMaxRequestsJitter(long maxRequestsJitter) {
		this.maxRequestsJitter = maxRequestsJitter;
	}

	public Duration getMinUptime() {
		return this.minUptime;
	}

	public void setMinUptime(Duration minUptime) {
		this.minUptime = minUptime;
	}

	public int getRestartBudget() {
		return this.restartBudget;
	}

	public void setRestartBudget(int restartBudget) {
		this.restartBudget = restartBudget;
	}

	public DataSize getMaxWorkerMemory() {
		return this.maxWorkerMemory;
	}

	public void setMaxWorkerMemory(DataSize maxWorkerMemory) {
		this.maxWorkerMemory = maxWorkerMemory;
	}

	public Path getRuntimeDir() {
		return this.runtimeDir;
	}

	public void setRuntimeDir(Path runtimeDir) {
		this.runtimeDir = runtimeDir;
	}

	public Path getPidfile() {
		return this.pidfile;
	}

	public void setPidfile(Path pidfile) {
		this.pidfile = pidfile;
	}

	public String getCtl() {
		return this.ctl;
	}

	public void setCtl(String ctl) {
		this.ctl = ctl;
	}

	public boolean isCtlJson() {
		return this.ctlJson;
	}

	public void setCtlJson(boolean ctlJson) {
		this.ctlJson = ctlJson;
	}

	public Long getCtlMaster() {
		return this.ctlMaster;
	}

	public void setCtlMaster(Long ctlMaster) {
		this.ctlMaster = ctlMaster;
	}

	public boolean isPrintConfig() {
		return this.printConfig;
	}

	public void setPrintConfig(boolean printConfig) {
		this.printConfig = printConfig;
	}

	public boolean isCheckConfig() {
		return this.checkConfig;
	}

	public void setCheckConfig(boolean checkConfig) {
		this.checkConfig = checkConfig;
	}

	/** Whether the master prepares a class cache for its workers. */
	public enum ClassCacheMode {

		/** Prepare and use one when the application runs with java -jar on JDK 17 or later. */
		AUTO,

		/** Workers run the master's command as it is. */
		OFF

	}

	/** The warm-up pass a worker makes before it takes traffic ({@code prefork.warmup.*}). */
	public static class Warmup {

		/**
		 * Requests a worker sends itself, over a temporary loopback connector, after its context is
		 * refreshed and before it accepts on the shared socket, so that its JIT has compiled the request
		 * path. 0 for no warm-up pass.
		 */
		@Allowed(value = "must be 0 (no warm-up pass) or more", min = 0)
		private int requests = 0;

		/**
		 * Paths of the warm-up requests (GET, in turn). Choose safe, representative ones.
		 */
		@Allowed(value = "must be paths of this application, each starting with / and without spaces, such as "
				+ "/,/api/orders?page=1", pattern = "/\\S*")
		private List<String> paths = new ArrayList<>(List.of("/"));

		/**
		 * The longest the warm-up pass may take; the worker then takes traffic with what it did. Part
		 * of the boot, so shorter than prefork.boot-timeout.
		 */
		@Allowed(value = POSITIVE_DURATION, min = 1, required = true)
		private Duration timeout = Duration.ofSeconds(30);

		public int getRequests() {
			return this.requests;
		}

		public void setRequests(int requests) {
			this.requests = requests;
		}

		public List<String> getPaths() {
			return this.paths;
		}

		public void setPaths(List<String> paths) {
			this.paths = paths;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

}
