package dev.prefork.autoconfigure.worker;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;

import dev.prefork.core.channel.Message;
import dev.prefork.core.channel.MessageType;
import dev.prefork.core.worker.MasterLink;
import dev.prefork.core.worker.WorkerIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * This worker JVM's side of the channel to its master. There is one per JVM, held statically because
 * Spring Boot creates the listener and the failure analysis reporter that use it separately.
 */
public final class WorkerAgent {

	private static final Logger logger = LoggerFactory.getLogger(WorkerAgent.class);

	private static volatile WorkerAgent current;

	private final WorkerIdentity identity;

	private final MasterLink link;

	private volatile boolean webServerAttached;

	private WorkerAgent(WorkerIdentity identity, MasterLink link) {
		this.identity = identity;
		this.link = link;
	}

	/**
	 * Connects this worker to its master, once per JVM. Exits the JVM if the master is gone.
	 * @param identity the identity from the environment
	 * @return the agent
	 */
	public static synchronized WorkerAgent start(WorkerIdentity identity) {
		if (current != null) {
			return current;
		}
		MasterLink link;
		try {
			link = MasterLink.connect(identity);
		}
		catch (IOException ex) {
			System.err.println("Worker " + identity.slot() + " (pid " + ProcessHandle.current().pid()
					+ ") cannot reach its master at " + identity.channel() + " (" + ex.getMessage() + "): exiting");
			Runtime.getRuntime().halt(1);
			throw new IllegalStateException(ex);
		}
		WorkerAgent agent = new WorkerAgent(identity, link);
		link.watch(agent::onMessage, agent::onMasterGone);
		link.beat(identity.heartbeatInterval());
		current = agent;
		return agent;
	}

	/** The agent of this JVM, or null when it is not a worker. */
	public static WorkerAgent current() {
		return current;
	}

	public WorkerIdentity identity() {
		return this.identity;
	}

	void webServerAttached() {
		this.webServerAttached = true;
	}

	boolean isWebServerAttached() {
		return this.webServerAttached;
	}

	void ready() {
		this.link.send(Message.of(MessageType.READY));
	}

	void failed(Throwable failure) {
		StringWriter trace = new StringWriter();
		failure.printStackTrace(new PrintWriter(trace));
		this.link.send(new Message(MessageType.BOOT_FAILED, trace.toString().stripTrailing()));
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
		this.link.send(new Message(MessageType.FAILURE_ANALYSIS, text.toString()));
	}

	private void onMessage(Message message) {
		if (message.type() == MessageType.STOP) {
			Thread stop = new Thread(() -> GracefulStop.run(this.identity.slot()), "prefork-graceful-stop");
			stop.start();
		}
		else if (message.type() == MessageType.QUIT) {
			logger.info("Worker {} (pid {}) quitting now, as the master asked", this.identity.slot(),
					ProcessHandle.current().pid());
			Runtime.getRuntime().halt(0);
		}
	}

	private void onMasterGone() {
		System.err.println("Worker " + this.identity.slot() + " (pid " + ProcessHandle.current().pid()
				+ "): the master is gone, exiting now");
		Runtime.getRuntime().halt(1);
	}

}
