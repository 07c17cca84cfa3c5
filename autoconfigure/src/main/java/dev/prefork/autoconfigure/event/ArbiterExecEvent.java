package dev.prefork.autoconfigure.event;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * A new master was started for an in-place upgrade, USR2 (Gunicorn's pre_exec).
 */
public class ArbiterExecEvent extends PreforkMasterEvent {

	private final long newMasterPid;

	public ArbiterExecEvent(SpringApplication application, ConfigurableEnvironment environment, long newMasterPid) {
		super(application, environment);
		this.newMasterPid = newMasterPid;
	}

	/** The new master's pid. */
	public long getNewMasterPid() {
		return this.newMasterPid;
	}

}
