package dev.prefork.core.signal;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

import dev.prefork.core.LibC;
import sun.misc.Signal;

/**
 * Receives the signals the master acts on, from the moment the launch knows it is the master and
 * across its re-execution as a small JVM. Handlers only enqueue and wake the master's loop, which
 * acts on them one at a time, as Gunicorn's arbiter does; a signal already waiting is not queued
 * again. QUIT stays the JVM's thread dump.
 */
public final class SignalQueue {

	/**
	 * The signals that wait, blocked, across the master's re-execution: none of them may get its
	 * default action (terminate or stop the process) while the new JVM starts. TERM and INT are not
	 * among them: until the new JVM's handlers exist, the JVM's own handlers stop it at once, which is
	 * what they ask.
	 */
	public static final List<String> DEFERRED = List.of("HUP", "USR1", "USR2", "TTIN", "TTOU", "WINCH");

	/**
	 * The signals a re-executed master gives back their default disposition before it handles them:
	 * HUP, which the re-execution ignores on purpose ({@link #handOver}), and the other action signals
	 * that {@code nohup} or a shell may have left ignored.
	 */
	private static final List<String> TAKEN_BACK = List.of("HUP", "TTIN", "TTOU", "USR1", "USR2");

	/**
	 * Set across a re-execution: the signals the JVM before it had received and not acted on yet,
	 * comma-separated; the new master acts on them first.
	 */
	public static final String CARRIED_ENV = "PREFORKD_SIGNALS";

	/**
	 * HotSpot's own suspend/resume signal is SIGUSR2 unless this variable names another one before the
	 * JVM starts; a Java handler for USR2 would replace HotSpot's, and a USR2 delivered to the launcher's
	 * thread, which HotSpot does not know, aborts the JVM.
	 */
	public static final String SR_SIGNUM_ENV = "_JAVA_SR_SIGNUM";

	/** Where the master moves HotSpot's suspend/resume signal, for itself and every JVM it starts. */
	public static final String SR_SIGNUM = "39";

	private static final long SIG_DFL = 0;

	private static final long SIG_IGN = 1;

	private final Queue<String> received = new ConcurrentLinkedQueue<>();

	private final List<String> names;

	/** Where signals go once the master's loop runs; until then they wait in {@link #received}. */
	private volatile Consumer<String> sink;

	private List<String> carried = List.of();

	private SignalQueue(List<String> names) {
		this.names = List.copyOf(names);
	}

	/**
	 * Installs handlers for the given signals. In a re-executed master, the signals arrive blocked
	 * ({@link #handOver}): their dispositions are set back first, then the handlers installed, then
	 * the signals unblocked, so that those that arrived meanwhile are delivered now, to the handlers.
	 * @param names signal names without SIG, such as {@code TERM}
	 * @param reexecuted whether this JVM is the master's re-execution
	 * @return the queue
	 */
	public static SignalQueue install(List<String> names, boolean reexecuted) {
		SignalQueue queue = new SignalQueue(names);
		if (reexecuted) {
			for (String name : TAKEN_BACK) {
				if (names.contains(name)) {
					LibC.INSTANCE.signal(IgnoredSignals.number(name), SIG_DFL);
				}
			}
			String carried = System.getenv(CARRIED_ENV);
			if (carried != null && !carried.isBlank()) {
				for (String name : carried.split(",")) {
					queue.received.add(name.strip());
				}
			}
		}
		names.forEach(queue::handle);
		if (reexecuted) {
			SignalMask.unblock(DEFERRED);
		}
		return queue;
	}

	/**
	 * Whether USR2 is free for the master in this JVM: HotSpot's suspend/resume signal was moved
	 * elsewhere before it started.
	 * @return true if a USR2 handler replaces nothing of HotSpot's
	 */
	public static boolean usr2Free() {
		String signum = System.getenv(SR_SIGNUM_ENV);
		return signum != null && !signum.isBlank()
				&& !signum.strip().equals(Integer.toString(IgnoredSignals.number("USR2")));
	}

	/**
	 * Hands the signals received so far, then each one as it arrives, to the master's loop.
	 * @param sink posts a signal to the loop's queue and wakes it; called from the JVM's signal thread
	 */
	public void deliverTo(Consumer<String> sink) {
		this.sink = sink;
		drain().forEach(sink);
	}

	/**
	 * Prepares a re-execution (call it right before {@code execv}): blocks {@link #DEFERRED} for this
	 * thread, so that those arriving from now on wait as pending signals for the new JVM; ignores HUP,
	 * so that the new JVM neither unblocks it nor installs its own shutdown handler for it (both
	 * HotSpot skips for an ignored HUP); passes the signals received so far in {@link #CARRIED_ENV};
	 * and moves HotSpot's suspend/resume signal off USR2 ({@link #SR_SIGNUM_ENV}), so that the new
	 * master, and every JVM it starts, handles USR2 safely.
	 */
	public void handOver() {
		SignalMask.block(DEFERRED);
		LibC.INSTANCE.signal(IgnoredSignals.number("HUP"), SIG_IGN);
		this.carried = drain();
		LibC.INSTANCE.setenv(CARRIED_ENV, String.join(",", this.carried), 1);
		if (!usr2Free()) {
			LibC.INSTANCE.setenv(SR_SIGNUM_ENV, SR_SIGNUM, 1);
		}
	}

	/** The re-execution failed: this JVM goes on as the master, with its handlers and signals back. */
	public void takeBack() {
		if (this.names.contains("HUP")) {
			LibC.INSTANCE.signal(IgnoredSignals.number("HUP"), SIG_DFL);
			handle("HUP");
		}
		SignalMask.unblock(DEFERRED);
		this.received.addAll(this.carried);
		this.carried = List.of();
	}

	/** Takes the signals received since the last call, oldest first. */
	public List<String> drain() {
		List<String> signals = new ArrayList<>();
		for (String name; (name = this.received.poll()) != null;) {
			signals.add(name);
		}
		return signals;
	}

	private void handle(String name) {
		Signal.handle(new Signal(name), (signal) -> {
			Consumer<String> delivery = this.sink;
			if (delivery != null) {
				delivery.accept(signal.getName());
			}
			else if (!this.received.contains(signal.getName())) {
				// a signal already waiting is not queued twice, as the kernel does with pending signals
				this.received.add(signal.getName());
				Consumer<String> late = this.sink;
				if (late != null) {
					// the loop took over meanwhile
					drain().forEach(late);
				}
			}
		});
	}

}
