package dev.prefork.autoconfigure.actuate;

import dev.prefork.core.control.ServerStatus;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The {@code prefork} health contributor: the whole server as its master sees it. Unknown when the
 * master runs but does not answer within the control client's timeout (stopped, paused, busy: the
 * workers still serve, and Spring Boot's aggregation keeps the group up); down when its control
 * socket is gone or no worker is ready; out of service while the master stops or keeps its workers
 * stopped (WINCH); up otherwise, with the master's figures as details.
 */
class PreforkHealthIndicator extends AbstractHealthIndicator {

	private final MasterStatus master;

	PreforkHealthIndicator(MasterStatus master) {
		super("prefork master status check failed");
		this.master = master;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		ServerStatus status = this.master.get();
		if (status == null && this.master.stalled()) {
			// the master runs but does not answer (stopped, paused, busy): the workers still serve
			builder.unknown().withDetail("master", "not answering: " + this.master.failure());
			return;
		}
		if (status == null) {
			String why = this.master.failure();
			builder.down().withDetail("master", "not answering on its control socket" + ((why != null) ? ": " + why : ""));
			return;
		}
		ServerStatus.Master master = status.master();
		long ready = status.workersIn("ready");
		builder.withDetail("masterPid", master.pid())
			.withDetail("generation", master.generation())
			.withDetail("readyWorkers", ready)
			.withDetail("targetWorkers", master.targetWorkers())
			.withDetail("reloading", master.reloading());
		if (master.stopping() || master.idle()) {
			builder.outOfService();
		}
		else if (ready < 1) {
			builder.down();
		}
		else {
			builder.up();
		}
	}

}
