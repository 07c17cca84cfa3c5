package dev.prefork.core.master;

import java.util.Map;
import java.util.function.Supplier;

import dev.prefork.core.arbiter.Arbiter;
import dev.prefork.core.arbiter.RetireRequest;
import dev.prefork.core.arbiter.WorkerHandle;
import dev.prefork.core.channel.Connection;
import dev.prefork.core.channel.FailureReport;
import dev.prefork.core.channel.Heartbeat;
import dev.prefork.core.channel.MasterSockets;
import dev.prefork.core.channel.Message;
import dev.prefork.core.channel.MessageType;
import dev.prefork.core.control.ControlCommand;
import dev.prefork.core.control.Json;
import dev.prefork.core.meter.MeterSample;
import dev.prefork.core.meter.ServerMeters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What arrives on the master's sockets: a worker's messages go to the arbiter (or to the meters),
 * a HELLO is matched to its worker, and a control client's command goes to {@link Actions} and is
 * answered with the master's status or the reason it was refused.
 */
final class MasterInbox implements MasterSockets.Inbox {

	private static final Logger logger = LoggerFactory.getLogger(MasterInbox.class);

	private final Arbiter arbiter;

	private final WorkerTable workers;

	private final Actions actions;

	private final ServerMeters meters;

	private final MasterSettings settings;

	private final Supplier<String> status;

	/**
	 * @param arbiter the arbiter
	 * @param workers the worker processes, which match a HELLO
	 * @param actions what commands do
	 * @param meters the whole server's meters
	 * @param settings the master's settings, against which a reload's reported settings are checked
	 * @param status the master's status, as JSON
	 */
	MasterInbox(Arbiter arbiter, WorkerTable workers, Actions actions, ServerMeters meters, MasterSettings settings,
			Supplier<String> status) {
		this.arbiter = arbiter;
		this.workers = workers;
		this.actions = actions;
		this.meters = meters;
		this.settings = settings;
		this.status = status;
	}

	@Override
	public void received(Connection connection, Message message) {
		if (connection.owner() instanceof WorkerHandle worker) {
			switch (message.type()) {
				case HEARTBEAT -> {
					this.arbiter.heartbeat(worker, System.nanoTime());
					requestsServed(worker, message.payload());
				}
				case METERS -> this.meters.report(worker, MeterSample.decodeAll(message.payload()));
				case SETTINGS -> settingsReported(worker, message.payload());
				case READY -> this.arbiter.ready(worker, System.nanoTime());
				case WARM -> this.arbiter.warm(worker, System.nanoTime());
				case RETIRE -> {
					RetireRequest retire = RetireRequest.decode(message.payload());
					this.arbiter.recycle(worker, retire.reason(), retire.detail(), System.nanoTime());
				}
				case BOOT_FAILED -> worker.reportBootFailure(FailureReport.decode(message).text());
				case FAILURE_ANALYSIS -> worker.reportFailureAnalysis(FailureReport.decode(message).text());
				default -> logger.debug("Unexpected {} from {}", message.type(), worker);
			}
		}
		else if (message.type() == MessageType.HELLO) {
			String refusal = this.workers.hello(connection, message.payload());
			if (refusal != null) {
				logger.warn("Refused a channel connection: {}", refusal);
				connection.close();
			}
		}
		else {
			connection.close();
		}
	}

	/** The count of requests a heartbeat carries; a malformed one changes nothing. */
	private static void requestsServed(WorkerHandle worker, String payload) {
		try {
			worker.requestsServed(Heartbeat.decode(payload).requests());
		}
		catch (IllegalArgumentException ex) {
			logger.debug("A heartbeat without a request count from {}: {}", worker, ex.getMessage());
		}
	}

	@Override
	public void control(Connection connection, String line) {
		ControlCommand command;
		try {
			command = ControlCommand.parse(line);
		}
		catch (IllegalArgumentException ex) {
			connection.answer(Json.write(Map.of("ok", false, "error", ex.getMessage())));
			return;
		}
		if (command.name().equals("meters")) {
			connection.answer(Json.write(
					Map.of("ok", true, "meters", this.meters.sums().stream().map(MeterSample::toMap).toList())));
			return;
		}
		if (!command.name().equals("status")) {
			logger.info("Control socket: {}", command);
			String refusal = this.actions.perform(command, "control socket: " + command);
			if (refusal != null) {
				connection.answer(Json.write(Map.of("ok", false, "error", refusal)));
				return;
			}
		}
		connection.answer(this.status.get());
	}

	@Override
	public void closed(Connection connection) {
		// the process exit that follows is what the arbiter acts on
	}

	/** A worker reported its settings: a reload's new generation takes the first report. */
	private void settingsReported(WorkerHandle worker, String payload) {
		BoundSettings reported;
		try {
			reported = BoundSettings.decode(payload, this.settings.arbiter().quickTimeout());
		}
		catch (IllegalArgumentException ex) {
			logger.warn("Worker {} (pid {}) sent settings the master cannot read: {}", worker.slot(), worker.pid(),
					ex.getMessage());
			return;
		}
		if (this.arbiter.adopt(worker, reported.arbiter(), System.nanoTime())) {
			String configured = this.settings.listen();
			if (!configured.equals(reported.listen())) {
				logger.warn("The listening address changed from {} to {}; a reload keeps the socket it has: restart "
						+ "the master to listen on the new address", configured, reported.listen());
			}
		}
	}

}
