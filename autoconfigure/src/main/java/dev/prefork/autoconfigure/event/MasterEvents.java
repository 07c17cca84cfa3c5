package dev.prefork.autoconfigure.event;

import dev.prefork.core.arbiter.ExitStatus;
import dev.prefork.core.master.MasterHooks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.context.event.SimpleApplicationEventMulticaster;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * The master's hooks as Spring events, multicast to the SpringApplication's listeners the way
 * Spring Boot multicasts its own early events.
 */
public final class MasterEvents implements MasterHooks {

	private static final Logger logger = LoggerFactory.getLogger(MasterEvents.class);

	private final SpringApplication application;

	private final ConfigurableEnvironment environment;

	private final SimpleApplicationEventMulticaster multicaster = new SimpleApplicationEventMulticaster();

	public MasterEvents(SpringApplication application, ConfigurableEnvironment environment) {
		this.application = application;
		this.environment = environment;
		application.getListeners().forEach(this.multicaster::addApplicationListener);
		this.multicaster.setErrorHandler((ex) -> logger.error("A listener of a prefork event failed; the master "
				+ "carries on", ex));
	}

	/** Before the master binds its socket (on_starting). */
	public void starting() {
		publish(new ArbiterStartingEvent(this.application, this.environment));
	}

	@Override
	public void ready(String listen) {
		publish(new ArbiterReadyEvent(this.application, this.environment, listen));
	}

	@Override
	public void spawning(int slot, int generation) {
		publish(new WorkerSpawningEvent(this.application, this.environment, slot, generation));
	}

	@Override
	public void exited(int slot, long pid, int generation, ExitStatus status, double ageSeconds, boolean bootFailure) {
		publish(new WorkerExitedEvent(this.application, this.environment, slot, pid, generation, status.code(),
				status.signal(), ageSeconds, bootFailure));
	}

	@Override
	public void workerCountChanged(int oldCount, int newCount) {
		publish(new WorkerCountChangedEvent(this.application, this.environment, oldCount, newCount));
	}

	@Override
	public void aborting(int slot, long pid) {
		publish(new WorkerAbortedEvent(this.application, this.environment, slot, pid));
	}

	@Override
	public void reloading() {
		publish(new ArbiterReloadingEvent(this.application, this.environment));
	}

	@Override
	public void upgrading(long newMasterPid) {
		publish(new ArbiterExecEvent(this.application, this.environment, newMasterPid));
	}

	@Override
	public void stopped(int exitCode, String reason) {
		publish(new ArbiterStoppedEvent(this.application, this.environment, exitCode, reason));
	}

	private void publish(PreforkMasterEvent event) {
		this.multicaster.multicastEvent(event);
		PreforkMasterEvent.Halt halt = event.haltRequest();
		if (halt != null) {
			throw new HaltRequest(halt.exitCode(), halt.reason());
		}
	}

}
