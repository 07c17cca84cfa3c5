package dev.prefork.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import dev.prefork.autoconfigure.event.ArbiterReadyEvent;
import dev.prefork.autoconfigure.event.ArbiterStoppedEvent;
import dev.prefork.autoconfigure.event.PreforkMasterEvent;
import dev.prefork.autoconfigure.event.WorkerExitedEvent;
import dev.prefork.autoconfigure.event.WorkerSpawningEvent;
import dev.prefork.autoconfigure.event.WorkerStartingEvent;

import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;

/**
 * Listens to the master's events and the worker's earliest one, the way any Gunicorn hook file
 * would: registered in {@code META-INF/spring.factories}, because the master has no context. With
 * {@code sample.events-file} set it writes each event to that file; with
 * {@code sample.halt-on-exit-code} set, a worker exiting with that code stops the whole server with
 * that code (what Gunicorn users asked for in vain, seed 003); with {@code sample.throw-on-spawn=true}
 * it throws, to show that a failing listener never takes the master down.
 */
public class SampleHooks implements ApplicationListener<ApplicationEvent> {

	@Override
	public void onApplicationEvent(ApplicationEvent event) {
		if (event instanceof PreforkMasterEvent master) {
			onMasterEvent(master);
		}
		else if (event instanceof WorkerStartingEvent starting) {
			record(starting.getEnvironment(), "WorkerStartingEvent slot=" + starting.getSlot() + " pid=" + starting.getPid());
		}
	}

	private void onMasterEvent(PreforkMasterEvent event) {
		Environment environment = event.getEnvironment();
		String detail = "";
		if (event instanceof ArbiterReadyEvent ready) {
			detail = " listen=" + ready.getListen();
		}
		else if (event instanceof WorkerSpawningEvent spawning) {
			detail = " slot=" + spawning.getSlot();
		}
		else if (event instanceof WorkerExitedEvent exited) {
			detail = " slot=" + exited.getSlot() + " pid=" + exited.getPid() + " code=" + exited.getExitCode();
		}
		else if (event instanceof ArbiterStoppedEvent stopped) {
			detail = " code=" + stopped.getExitCode();
		}
		record(environment, event.getClass().getSimpleName() + " master=" + event.getMasterPid() + detail);
		if (event instanceof WorkerSpawningEvent && environment.getProperty("sample.throw-on-spawn", Boolean.class, false)) {
			throw new IllegalStateException("sample.throw-on-spawn is set: this listener fails on purpose");
		}
		Integer fatal = environment.getProperty("sample.halt-on-exit-code", Integer.class);
		if (event instanceof WorkerExitedEvent exited && fatal != null && exited.getExitCode() == fatal) {
			event.halt(fatal, "worker " + exited.getSlot() + " exited with code " + fatal
					+ ", which sample.halt-on-exit-code says is fatal");
		}
	}

	static void record(Environment environment, String line) {
		String file = environment.getProperty("sample.events-file");
		if (file == null) {
			return;
		}
		try {
			Files.writeString(Path.of(file), line + System.lineSeparator(), StandardOpenOption.CREATE,
					StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
