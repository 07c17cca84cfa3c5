package dev.prefork.core.arbiter;

/**
 * The master's view of one worker process: its slot, pid, state and what it reported. The worker
 * process itself is {@code dev.prefork.core.worker}; the two meet only over the control channel.
 */
public final class WorkerHandle {

	private final int slot;

	private final int generation;

	private final long pid;

	private final long spawnedAt;

	private WorkerState state = WorkerState.BOOTING;

	private long readyAt;

	private long warmAt;

	private long lastHeartbeat;

	private volatile long requestsServed;

	private boolean connected;

	private boolean killedByMaster;

	private long stopDeadline;

	private boolean recycling;

	private RestartReason recycleReason = RestartReason.MAX_REQUESTS;

	private long dumpRequestedAt;

	private String bootFailure;

	private String failureAnalysis;

	private String outOfMemoryHeap;

	public WorkerHandle(int slot, int generation, long pid, long spawnedAt) {
		this.slot = slot;
		this.generation = generation;
		this.pid = pid;
		this.spawnedAt = spawnedAt;
	}

	public int slot() {
		return this.slot;
	}

	/** The generation the worker belongs to: 1, then one more with each reload. */
	public int generation() {
		return this.generation;
	}

	public long pid() {
		return this.pid;
	}

	public WorkerState state() {
		return this.state;
	}

	public long spawnedAt() {
		return this.spawnedAt;
	}

	/** Seconds from spawn to ready, or -1 while booting. */
	public double bootSeconds() {
		return (this.readyAt == 0) ? -1 : (this.readyAt - this.spawnedAt) / 1e9;
	}

	/** Whether the worker's JVM got as far as the prefork code and said hello over the channel. */
	public boolean connected() {
		return this.connected;
	}

	public void markConnected() {
		this.connected = true;
	}

	/** The exception the worker reported when it failed to boot, as text, or null. */
	public String bootFailure() {
		return this.bootFailure;
	}

	public void reportBootFailure(String failure) {
		this.bootFailure = failure;
	}

	/**
	 * The heap limit of a worker that exits on its first OutOfMemoryError (with
	 * {@link ExitStatus#code()} 3), or null when it does not.
	 */
	public String outOfMemoryHeap() {
		return this.outOfMemoryHeap;
	}

	public void outOfMemoryHeap(String heap) {
		this.outOfMemoryHeap = heap;
	}

	/** Whether the worker's exit was its JVM's exit on an OutOfMemoryError. */
	public boolean ranOutOfMemory(ExitStatus status) {
		return this.outOfMemoryHeap != null && !status.killedBySignal() && status.code() == ExitStatus.OUT_OF_MEMORY;
	}

	/** Spring Boot's failure analysis of the boot failure, as text, or null. */
	public String failureAnalysis() {
		return this.failureAnalysis;
	}

	public void reportFailureAnalysis(String analysis) {
		this.failureAnalysis = analysis;
	}

	boolean everReady() {
		return this.readyAt != 0;
	}

	/** Whether the worker ended before it was ever ready, unasked: a boot failure, once its process is gone. */
	public boolean failedToBoot() {
		return !everReady() && this.state != WorkerState.STOPPING;
	}

	void ready(long now) {
		this.state = WorkerState.READY;
		this.readyAt = now;
		this.lastHeartbeat = now;
	}

	/**
	 * Whether the worker takes its full share of connections: its slow start is over, or it had none.
	 */
	public boolean warm() {
		return this.warmAt != 0;
	}

	/** Seconds from ready to warm (its slow start), or -1 before. */
	public double slowStartSeconds() {
		return (this.warmAt == 0) ? -1 : (this.warmAt - this.readyAt) / 1e9;
	}

	void warm(long now) {
		this.warmAt = now;
	}

	void heartbeat(long now) {
		this.lastHeartbeat = now;
	}

	/** When the worker last said it was alive, on the arbiter's clock; 0 before it was ready. */
	public long lastHeartbeat() {
		return this.lastHeartbeat;
	}

	/** How many requests the worker said it served, with its last heartbeat. */
	public long requestsServed() {
		return this.requestsServed;
	}

	public void requestsServed(long served) {
		this.requestsServed = served;
	}

	void stopping(long deadline) {
		this.state = WorkerState.STOPPING;
		this.stopDeadline = deadline;
	}

	/** Whether a replacement is booting to take this worker's place. */
	public boolean recycling() {
		return this.recycling;
	}

	void recycling(boolean recycling) {
		this.recycling = recycling;
	}

	RestartReason recycleReason() {
		return this.recycleReason;
	}

	void recycleReason(RestartReason reason) {
		this.recycleReason = reason;
	}

	long dumpRequestedAt() {
		return this.dumpRequestedAt;
	}

	void dumpRequested(long now) {
		this.dumpRequestedAt = now;
	}

	long stopDeadline() {
		return this.stopDeadline;
	}

	long readyAt() {
		return this.readyAt;
	}

	boolean killedByMaster() {
		return this.killedByMaster;
	}

	void killedByMaster(boolean killed) {
		this.killedByMaster = killed;
	}

	/** How operators see it in the log: {@code worker 1 (pid 4242)}. */
	@Override
	public String toString() {
		return "worker " + this.slot + " (pid " + this.pid + ")";
	}

}
