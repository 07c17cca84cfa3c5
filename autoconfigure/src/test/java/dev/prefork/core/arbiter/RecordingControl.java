package dev.prefork.core.arbiter;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link WorkerProcessControl} that records what the arbiter asked for instead of starting processes.
 */
final class RecordingControl implements WorkerProcessControl {

	final List<String> calls = new ArrayList<>();

	final List<WorkerHandle> spawned = new ArrayList<>();

	private long nextPid = 100;

	final List<Integer> generations = new ArrayList<>();

	boolean failSpawns;

	boolean declineSpawns;

	@Override
	public WorkerHandle spawn(int slot, int generation, long nanoTime) throws IOException {
		if (this.declineSpawns) {
			throw new SpawnDeclinedException("a listener halts the master");
		}
		if (this.failSpawns) {
			throw new IOException("no java here");
		}
		WorkerHandle worker = new WorkerHandle(slot, generation, this.nextPid++, nanoTime);
		this.spawned.add(worker);
		this.calls.add("spawn " + slot);
		this.generations.add(generation);
		return worker;
	}

	@Override
	public void terminate(WorkerHandle worker) {
		this.calls.add("terminate " + worker.slot());
	}

	@Override
	public void quit(WorkerHandle worker) {
		this.calls.add("quit " + worker.slot());
	}

	@Override
	public void dump(WorkerHandle worker) {
		this.calls.add("dump " + worker.slot());
	}

	@Override
	public void kill(WorkerHandle worker) {
		this.calls.add("kill " + worker.slot());
	}

	long spawnsOf(int slot) {
		return this.calls.stream().filter(("spawn " + slot)::equals).count();
	}

	WorkerHandle last(int slot) {
		for (int i = this.spawned.size() - 1; i >= 0; i--) {
			if (this.spawned.get(i).slot() == slot) {
				return this.spawned.get(i);
			}
		}
		throw new AssertionError("slot " + slot + " was never spawned");
	}

}
