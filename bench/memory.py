#!/usr/bin/env python3
"""Memory as an operator sees it (issue 20): the whole server's PSS under load and after idling, no forced GC.

For one plain Spring Boot JVM and for the prefork server with each count in WORKER_COUNTS, one after
the other on loopback: start, wait until ready (the class cache trained by a primer run first), run wrk
for LOAD s, then leave the server idle for IDLE s, sampling the PSS of the server's whole process tree
(master, workers, helpers) every INTERVAL s. Nothing calls a GC. A second row per server gives the PSS
after `jcmd GC.run` in every JVM at the end, as the older figures were taken.

Writes bench/results/memory-*/ (logs, samples.json), the picture docs/images/memory-over-time.png (drawn
by bench/plot.py with the system Python's matplotlib) and the table between the memory markers of
docs/performance.md.

Environment: LOAD (40), IDLE (30), INTERVAL (2), WORKER_COUNTS ("2 4"), BENCH_PREFORK_ARGS (extra
application arguments of the prefork runs, such as --prefork.worker-sizing=off), and those of
bench/performance.py (JAVA, BENCH_JVM_OPTIONS, BENCH_PREFORK_JVM_OPTIONS, CONNECTIONS, THREADS, WRITE_DOCS).
"""
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import performance as bench  # noqa: E402

LOAD = int(os.environ.get("LOAD", "40"))
IDLE = int(os.environ.get("IDLE", "30"))
INTERVAL = float(os.environ.get("INTERVAL", "2"))
WORKER_COUNTS = [int(n) for n in os.environ.get("WORKER_COUNTS", "2 4").split()]
PREFORK_ARGS = os.environ.get("BENCH_PREFORK_ARGS", "").split()
bench.OUT = os.path.join(bench.ROOT, "bench", "results", "memory-" + time.strftime("%Y%m%dT%H%M%SZ", time.gmtime()))
bench.CACHE = os.path.join(bench.OUT, "class-cache")
PICTURE = os.path.join(bench.ROOT, "docs", "images", "memory-over-time.png")


def sampled(server, seconds, samples, started, phase):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        samples.append((round(time.monotonic() - started, 1), round(bench.tree_pss_mb(server.pid), 1), phase))
        time.sleep(INTERVAL)


def measure(label, workers):
    args = ["--prefork.enabled=false"] if workers == 0 else ["--prefork.workers=%d" % workers] + PREFORK_ARGS
    server = bench.Server("memory-" + label.replace(" ", ""), args,
                          jvm_options=bench.PREFORK_JVM_OPTIONS if workers else ())
    try:
        server.await_ready(max(workers, 1))
        samples = []
        started = time.monotonic()
        load = subprocess.Popen([sys.executable, bench.__file__, "--wrk", str(server.port), str(LOAD)],
                                stdout=subprocess.PIPE, text=True)
        sampled(server, LOAD, samples, started, "load")
        rate, failed = json.loads(load.communicate(timeout=LOAD + 90)[0])
        loaded = bench.tree_pss_mb(server.pid)
        sampled(server, IDLE, samples, started, "idle")
        idle = bench.tree_pss_mb(server.pid)
        for pid in [server.pid] + bench.descendants(server.pid):
            bench.jcmd_gc(bench.JAVA, pid)
        time.sleep(2)
        after_gc = bench.tree_pss_mb(server.pid)
        bench.log("memory %s: %.0f MB after load, %.0f MB after %d s idle, %.0f MB after a GC; %d rps, %d failed"
                  % (label, loaded, idle, IDLE, after_gc, rate, failed))
        return {"label": label, "loaded": loaded, "idle": idle, "gc": after_gc, "rps": rate, "failed": failed,
                "samples": samples}
    finally:
        server.stop()


def main():
    os.makedirs(bench.OUT, exist_ok=True)
    started = time.monotonic()
    results = []
    try:
        primer = bench.Server("primer", ["--prefork.workers=1"], jvm_options=bench.PREFORK_JVM_OPTIONS)
        primer.await_ready(1)
        bench.await_trained(primer)
        primer.stop()
        results.append(measure("plain JVM", 0))
        for workers in WORKER_COUNTS:
            results.append(measure("%d workers" % workers, workers))
    finally:
        for server in list(bench.SERVERS):
            server.stop()
    with open(os.path.join(bench.OUT, "samples.json"), "w") as f:
        json.dump(results, f)
    plain = results[0]
    goals = {2: "<= 1.5", 4: "<= 2.0"}
    table = ["| Server | After %d s of load | After %d s idle (no GC) | After a forced GC | rps under load | Goal (idle) |"
             % (LOAD, IDLE), "| --- | --- | --- | --- | --- | --- |"]
    for r in results:
        workers = 0 if r is plain else int(r["label"].split()[0])
        ratio = lambda key: "" if r is plain else " (%.2fx)" % (r[key] / plain[key])
        table.append("| %s | %.0f MB%s | %.0f MB%s | %.0f MB%s | %d%s | %s |"
                     % (("One plain JVM" if r is plain else "Master + " + r["label"]), r["loaded"], ratio("loaded"),
                        r["idle"], ratio("idle"), r["gc"], ratio("gc"), r["rps"],
                        "" if r is plain else " (%.2fx)" % (r["rps"] / plain["rps"]), goals.get(workers, "")))
    header = ("Measured %s with `bench/memory.sh` on %d cores, JDK %s: PSS of the whole process tree, wrk -t%d -c%d "
              "on `GET /` for %d s, then %d s idle, sampled every %g s; the run took %d s%s."
              % (time.strftime("%Y-%m-%d", time.gmtime()), os.cpu_count(), bench.java_version(bench.JAVA),
                 bench.THREADS, bench.CONNECTIONS, LOAD, IDLE, INTERVAL, time.monotonic() - started,
                 ("; prefork runs with " + " ".join(PREFORK_ARGS + bench.PREFORK_JVM_OPTIONS))
                 if PREFORK_ARGS or bench.PREFORK_JVM_OPTIONS else ""))
    text = header + "\n\n" + "\n".join(table) + "\n"
    if bench.publish(text, "memory", bench.OUT):
        plot = ["/usr/bin/python3", os.path.join(bench.ROOT, "bench", "plot.py"), "memory",
                os.path.join(bench.OUT, "samples.json"), PICTURE]
        subprocess.run(plot, check=True, timeout=120)
        print("Drew " + PICTURE)

if __name__ == "__main__":
    main()
