package dev.prefork.autoconfigure.worker;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.prefork.autoconfigure.LogFiles;
import dev.prefork.autoconfigure.event.PreforkWorkerEvent;
import dev.prefork.autoconfigure.event.WorkerInterruptedEvent;
import dev.prefork.autoconfigure.event.WorkerStoppingEvent;
import dev.prefork.core.NativeHeap;
import dev.prefork.core.arbiter.RestartReason;
import dev.prefork.core.arbiter.RetireRequest;
import dev.prefork.core.channel.FailureReport;
import dev.prefork.core.channel.Heartbeat;
import dev.prefork.core.channel.Message;
import dev.prefork.core.channel.MessageType;
import dev.prefork.core.master.BoundSettings;
import dev.prefork.core.worker.InheritedSocket;
import dev.prefork.core.worker.MasterLink;
import dev.prefork.core.worker.WorkerEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * This worker JVM's side of the channel to its master. There is one per JVM. It connects before the
 * application context exists, and is then a bean of it ({@value #BEAN_NAME}), which the worker's
 * auto-configurations take as a constructor argument; it is also held statically for the one user
 * Spring Boot creates without a context, the failure analysis reporter.
 */
public final class WorkerAgent {

	/** The agent's name in the worker's application context. */
	public static final String BEAN_NAME = "preforkWorkerAgent";

	private static final Logger logger = LoggerFactory.getLogger(WorkerAgent.class);

	private static volatile WorkerAgent current;

	private volatile Throwable relayedFailure;

	private final WorkerEnvironment environment;

	private final MasterLink link;

	private volatile boolean webServerAttached;

	private final Object warmth = new Object();

	private boolean slowStarting;

	private boolean readySent;

	private volatile RequestTracker tracker;

	private volatile Consumer<Object> publisher = (event) -> {
	};

	private volatile Supplier<String> meters;

	private volatile Runnable meterBaseline = () -> {
	};

	private String lastMeters = "";

	private long lastRetireRequest;

	/** The start of the last request before this worker last trimmed its native heap. */
	private long trimmedAfter;

	/**
	 * An agent on a link, not yet watching it: {@link #start} adds the thread that watches the master
	 * and the watchdog that beats.
	 */
	WorkerAgent(WorkerEnvironment environment, MasterLink link) {
		this.environment = environment;
		this.link = link;
	}

	/**
	 * Connects this worker to its master, once per JVM. Exits the JVM if the master is gone.
	 * @param environment what the master told this worker through its environment
	 * @return the agent
	 */
	public static synchronized WorkerAgent start(WorkerEnvironment environment) {
		if (current != null) {
			return current;
		}
		MasterLink link;
		try {
			link = MasterLink.connect(environment);
		}
		catch (IOException ex) {
			System.err.println("Worker " + environment.slot() + " (pid " + ProcessHandle.current().pid()
					+ ") cannot reach its master at " + environment.channel() + " (" + ex.getMessage() + "): exiting");
			Runtime.getRuntime().halt(1);
			throw new IllegalStateException(ex);
		}
		WorkerAgent agent = new WorkerAgent(environment, link);
		link.watch(agent::onMessage, agent::onMasterGone);
		SpringApplication.getShutdownHandlers().add(agent::closeLink);
		Thread watchdog = new Thread(agent::watchdog, "prefork-watchdog");
		watchdog.setDaemon(true);
		watchdog.start();
		current = agent;
		return agent;
	}

	/** The agent of this JVM, or null when it is not a worker. */
	public static WorkerAgent current() {
		return current;
	}

	public WorkerEnvironment environment() {
		return this.environment;
	}

	void publishWith(Consumer<Object> publisher) {
		this.publisher = publisher;
	}

	/** Publishes a worker event in the worker's context; a listener that throws is logged. */
	void publish(PreforkWorkerEvent event) {
		try {
			this.publisher.accept(event);
		}
		catch (RuntimeException ex) {
			logger.error("A listener of {} failed", event.getClass().getSimpleName(), ex);
		}
	}

	/**
	 * Sends the master this worker's web metrics with each heartbeat, when they changed.
	 * @param report the cumulative figures, as lines of {@link dev.prefork.core.meter.MeterSample}
	 * @param baseline makes the report count from now on, called after the warm-up pass
	 */
	public void reportMetersWith(Supplier<String> report, Runnable baseline) {
		this.meters = report;
		this.meterBaseline = baseline;
	}

	/** The warm-up pass is over: what it served is not reported to the master. */
	void warmedUp() {
		this.meterBaseline.run();
	}

	void track(RequestTracker tracker) {
		this.tracker = tracker;
	}

	void webServerAttached() {
		this.webServerAttached = true;
	}

	boolean isWebServerAttached() {
		return this.webServerAttached;
	}

	void reportSettings(BoundSettings settings) {
		this.link.send(new Message(MessageType.SETTINGS, settings.encode()));
	}

	/** Holds the WARM message back until a slow start ends; set before the web server starts. */
	void slowStarting() {
		synchronized (this.warmth) {
			this.slowStarting = true;
		}
	}

	/**
	 * This worker takes its full share of connections: tells the master, after READY (a slow start can
	 * end before Spring Boot's ready event).
	 */
	void warm() {
		synchronized (this.warmth) {
			this.slowStarting = false;
			if (this.readySent) {
				this.link.send(Message.of(MessageType.WARM));
			}
		}
	}

	void ready() {
		synchronized (this.warmth) {
			this.link.send(Message.of(MessageType.READY));
			this.readySent = true;
			if (!this.slowStarting) {
				this.link.send(Message.of(MessageType.WARM));
			}
		}
		Thread prepare = new Thread(InheritedSocket::prepareRelease, "prefork-prepare-stop");
		prepare.setDaemon(true);
		prepare.setPriority(Thread.MIN_PRIORITY);
		prepare.start();
	}

	void failed(Throwable failure) {
		StringWriter trace = new StringWriter();
		failure.printStackTrace(new PrintWriter(trace));
		this.link.send(new FailureReport(MessageType.BOOT_FAILED, trace.toString().stripTrailing()).toMessage());
		this.relayedFailure = failure;
	}

	/**
	 * Whether this failure of the worker's start was sent to the master, which logs it (itself, or
	 * wrapped as Spring Boot rethrows a checked exception).
	 */
	boolean relayed(Throwable failure) {
		Throwable relayed = this.relayedFailure;
		return relayed != null && (failure == relayed || failure.getCause() == relayed);
	}

	void analysed(FailureAnalysis analysis) {
		StringBuilder text = new StringBuilder("Description:").append(System.lineSeparator())
			.append(System.lineSeparator())
			.append(analysis.getDescription());
		if (analysis.getAction() != null) {
			text.append(System.lineSeparator())
				.append(System.lineSeparator())
				.append("Action:")
				.append(System.lineSeparator())
				.append(System.lineSeparator())
				.append(analysis.getAction());
		}
		this.link.send(new FailureReport(MessageType.FAILURE_ANALYSIS, text.toString()).toMessage());
	}

	/**
	 * Beats at the heartbeat interval for as long as the JVM lives, and asks the master for a
	 * replacement when this worker reached its request limit or a request has run past the timeout.
	 */
	private void watchdog() {
		long interval = this.environment.heartbeatInterval().toMillis();
		while (true) {
			RequestTracker requests = this.tracker;
			long served = (requests != null) ? requests.served() : 0;
			this.link.send(new Heartbeat(served).toMessage());
			sendMeters();
			if (requests != null) {
				long now = System.nanoTime();
				checkLimits(requests, now);
				trimWhenIdle(requests, TimeUnit.MILLISECONDS.toNanos(interval), now);
			}
			try {
				Thread.sleep(interval);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	/**
	 * Gives the native memory freed by the last busy phase back to the system, once each time the
	 * worker falls idle (no request for a heartbeat interval): after load, glibc's arenas held 10-20
	 * MB each worker no longer used.
	 */
	private void trimWhenIdle(RequestTracker requests, long quietNanos, long now) {
		long lastStart = requests.lastStart();
		if (lastStart != this.trimmedAfter && requests.idleFor(quietNanos, now)) {
			this.trimmedAfter = lastStart;
			NativeHeap.trim();
		}
	}

	private void sendMeters() {
		Supplier<String> report = this.meters;
		if (report == null) {
			return;
		}
		try {
			String text = report.get();
			if (!text.equals(this.lastMeters)) {
				this.link.send(new Message(MessageType.METERS, text));
				this.lastMeters = text;
			}
		}
		catch (RuntimeException ex) {
			logger.debug("Could not read this worker's meters for the master", ex);
		}
	}

	private void checkLimits(RequestTracker requests, long now) {
		long timeout = this.environment.requestTimeout().toNanos();
		if (this.lastRetireRequest != 0 && now - this.lastRetireRequest < timeout) {
			return;
		}
		RetireRequest retire = null;
		long max = this.environment.maxRequests();
		if (max > 0 && requests.served() >= max) {
			retire = new RetireRequest(RestartReason.MAX_REQUESTS,
					"served " + requests.served() + " requests (prefork.max-requests)");
		}
		RequestTracker.Stuck stuck = requests.stuckLongerThan(timeout, now);
		if (stuck != null) {
			String reason = String.format(Locale.ROOT, "a request has been running for %.2f s (prefork.timeout) "
					+ "on thread %s", stuck.nanos() / 1e9, stuck.thread().getName());
			retire = new RetireRequest(RestartReason.STUCK_REQUEST, reason);
			StringBuilder trace = new StringBuilder("Worker ").append(this.environment.slot())
				.append(" (pid ")
				.append(ProcessHandle.current().pid())
				.append("): ")
				.append(reason)
				.append("; it is stuck here:");
			for (StackTraceElement element : stuck.thread().getStackTrace()) {
				trace.append(System.lineSeparator()).append("	at ").append(element);
			}
			logger.warn(trace.toString());
		}
		if (retire != null) {
			this.lastRetireRequest = now;
			this.link.send(new Message(MessageType.RETIRE, retire.encode()));
		}
	}

	private void onMessage(Message message) {
		if (message.type() == MessageType.STOP) {
			Thread stop = new Thread(() -> {
				publish(new WorkerStoppingEvent(this, this.environment.slot()));
				GracefulStop.run(this.environment.slot(), this.tracker);
			}, "prefork-graceful-stop");
			stop.start();
		}
		else if (message.type() == MessageType.REOPEN_LOGS) {
			LogFiles.reopen();
		}
		else if (message.type() == MessageType.QUIT) {
			logger.info("Worker {} (pid {}) quitting now, as the master asked", this.environment.slot(),
					ProcessHandle.current().pid());
			publish(new WorkerInterruptedEvent(this, this.environment.slot()));
			Runtime.getRuntime().halt(0);
		}
	}

	/**
	 * Closes the link once the application's contexts are closed, as the JVM exits: its reading
	 * thread would otherwise sit in a native read, for which the JVM waits 300 ms before it exits.
	 */
	private void closeLink() {
		try {
			this.link.close();
		}
		catch (IOException ex) {
			// exiting anyway
		}
	}

	private void onMasterGone() {
		System.err.println("Worker " + this.environment.slot() + " (pid " + ProcessHandle.current().pid()
				+ "): the master is gone, exiting now");
		Runtime.getRuntime().halt(1);
	}

}
