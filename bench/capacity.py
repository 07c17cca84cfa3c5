#!/usr/bin/env python3
"""Capacity over time (issue 19): requests per WINDOW s, one plain Spring Boot JVM vs the prefork server.

Every curve comes from wrk runs of WINDOW s each, back to back, so that a drop shows as the window it
happened in instead of vanishing in a total. Scenarios, one server after the other on loopback:
  cold     from the first 200 after `java -jar`, COLD s of load: one plain JVM, then the prefork server
           with each count in WORKER_COUNTS (the class cache trained first, as after a first deploy);
           gives the time to 80% of the warm plain rate, the steady rate at the end and the PSS of the
           whole server at the end (the figures behind the default worker count)
  reload   2 workers warmed up for WARM s, then `kill -HUP` after LEAD s of the measured load
  kill     2 workers warmed up, then `kill -9` of one worker after LEAD s
Each ratio is against the warm plain JVM's rate of the same run (the median of its last windows) or,
for reload and kill, against the same server's median window before the action.

Writes bench/results/capacity-*/ (logs, windows.json), the pictures docs/images/warm-up-curve.png and
docs/images/reload-curve.png (bench/plot.py, the system Python's matplotlib) and the table between the
capacity markers of docs/performance.md.

Environment: WINDOW (2), COLD (60), WARM (40), AFTER (30; measured load after the action), LEAD (6),
WORKER_COUNTS ("1 2 4"), SCENARIOS ("cold reload kill"), COMPARE (1: reload and kill also with
--prefork.slow-start=0, as before issue 19), BENCH_PREFORK_ARGS (extra application arguments
of the prefork runs, such as --prefork.slow-start=0), and those of bench/performance.py (JAVA,
BENCH_JVM_OPTIONS, BENCH_PREFORK_JVM_OPTIONS, CONNECTIONS, THREADS, WRITE_DOCS). NICE=n, an experiment, runs
every thread of a reload's new workers at nice n while they boot and start slowly (as root, which can
lower it again; prefork itself does not).
"""
import json
import os
import re
import statistics
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import performance as bench  # noqa: E402

WINDOW = int(os.environ.get("WINDOW", "2"))
COLD = int(os.environ.get("COLD", "60"))
WARM = int(os.environ.get("WARM", "40"))
AFTER = int(os.environ.get("AFTER", "30"))
LEAD = int(os.environ.get("LEAD", "6"))
WORKER_COUNTS = [int(n) for n in os.environ.get("WORKER_COUNTS", "1 2 4").split()]
SCENARIOS = os.environ.get("SCENARIOS", "cold reload kill").split()
COMPARE = os.environ.get("COMPARE", "1") == "1"
NICE = int(os.environ.get("NICE", "0"))
PREFORK_ARGS = os.environ.get("BENCH_PREFORK_ARGS", "").split()
bench.OUT = os.path.join(bench.ROOT, "bench", "results", "capacity-" + time.strftime("%Y%m%dT%H%M%SZ", time.gmtime()))
bench.CACHE = os.path.join(bench.OUT, "class-cache")
IMAGES = os.path.join(bench.ROOT, "docs", "images")


def one_window(port):
    """One wrk run of WINDOW s: (requests per second, failed requests)."""
    out = subprocess.run(["wrk", "-t%d" % bench.THREADS, "-c%d" % bench.CONNECTIONS, "-d%ds" % WINDOW,
                          "http://127.0.0.1:%d/" % port], capture_output=True, text=True, timeout=WINDOW + 60).stdout
    match = re.search(r"(\d+) requests in ([0-9.]+)(m?s)", out)
    if not match:
        return 0.0, 0
    seconds = float(match.group(2)) / (1000 if match.group(3) == "ms" else 1)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    failed = (sum(int(g) for g in errors.groups()) if errors else 0) + (int(non2xx.group(1)) if non2xx else 0)
    return int(match.group(1)) / max(seconds, 0.001), failed


class Windows(threading.Thread):
    """wrk windows back to back for a number of seconds; each sample is (start, end, rps, failed) since t0."""

    def __init__(self, port, seconds, t0):
        super().__init__(daemon=True)
        self.port, self.seconds, self.t0, self.samples = port, seconds, t0, []

    def run(self):
        until = time.monotonic() + self.seconds
        while time.monotonic() < until:
            start = time.monotonic() - self.t0
            rps, failed = one_window(self.port)
            self.samples.append((round(start, 2), round(time.monotonic() - self.t0, 2), round(rps), failed))

    def finish(self):
        self.join(self.seconds + 120)
        return self.samples


def prefork(name, workers, extra=()):
    return bench.Server(name, ["--prefork.workers=%d" % workers] + PREFORK_ARGS + list(extra),
                        jvm_options=bench.PREFORK_JVM_OPTIONS)


def cold(label, workers):
    """From the first 200 after the start, COLD s of windows; then the whole server's PSS."""
    server = bench.Server("cold-plain", ["--prefork.enabled=false"]) if workers == 0 else prefork("cold-%d" % workers,
                                                                                                   workers)
    try:
        bench.wait_for("the first 200", 180, lambda: bench.http_ok(server.port), interval=0.02)
        first_200 = time.monotonic() - server.started
        samples = Windows(server.port, COLD, time.monotonic())
        samples.start()
        samples = samples.finish()
        pss = bench.tree_pss_mb(server.pid)
        bench.log("cold %s: first 200 after %.1f s; windows %s; %.0f MB" % (label, first_200,
                                                                              [s[2] for s in samples], pss))
        return {"label": label, "workers": workers, "first_200": first_200, "samples": samples, "pss": pss}
    finally:
        server.stop()


def action(label, what, extra=()):
    """2 warm workers, windows for LEAD + AFTER s, the action after LEAD s."""
    server = prefork(what + ("-off" if extra else ""), 2, extra)
    try:
        server.await_ready(2)
        bench.await_trained(server)
        bench.await_warm(server, 2)  # both past their slow start, then WARM s of load: the rate before is warm
        bench.wrk(server.port, WARM)
        t0 = time.monotonic()
        load = Windows(server.port, LEAD + AFTER, t0)
        load.start()
        time.sleep(LEAD)
        acted = time.monotonic() - t0
        if what == "reload":
            before = set(server.workers())
            server.signal("HUP")
            if NICE:
                threading.Thread(target=renice_new_workers, args=(server, before, LEAD + AFTER), daemon=True).start()
        else:
            victim = sorted(server.workers())[0]
            os.kill(victim, 9)
        samples = load.finish()
        if what == "reload":
            bench.wait_for("the reload", 120, lambda: server.count("Reload complete") >= 1)
        bench.log("%s: windows %s" % (label, [s[2] for s in samples]))
        return {"label": label, "acted": acted, "samples": samples}
    finally:
        server.stop()


def renice_new_workers(server, old, seconds):
    """An experiment (NICE=n): every thread of each new worker at nice n while it boots and starts slowly."""
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        try:
            for worker in server.status()["workers"]:
                if worker["pid"] not in old and not worker.get("warm"):
                    for tid in os.listdir("/proc/%d/task" % worker["pid"]):
                        os.setpriority(os.PRIO_PROCESS, int(tid), NICE)
        except OSError:
            pass
        time.sleep(0.05)


def warm_rate(result):
    """The median of a cold run's last third of windows."""
    rates = [s[2] for s in result["samples"]]
    return statistics.median(rates[-max(3, len(rates) // 3):])


def seconds_to(result, rate):
    """Seconds from the first 200 until the end of the first window whose rate reaches `rate`, or None."""
    for sample in result["samples"]:
        if sample[2] >= rate:
            return sample[1]
    return None


def lowest_after(result, seconds):
    """The lowest window that starts after `seconds` (a dip once the rate was reached), or None."""
    later = [s[2] for s in result["samples"] if s[0] >= seconds]
    return min(later) if later else None


def around(result):
    """(median window before the action, lowest window after it, mean of the windows after it, failed requests)."""
    before = [s[2] for s in result["samples"] if s[1] <= result["acted"]]
    after = [s[2] for s in result["samples"] if s[1] > result["acted"]]
    return statistics.median(before), min(after), statistics.mean(after), sum(s[3] for s in result["samples"])


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--from":
        # the table and pictures again from a run's windows.json, without measuring
        bench.OUT = os.path.dirname(os.path.abspath(sys.argv[2]))
        with open(sys.argv[2]) as f:
            data = json.load(f)
        report(data["cold"], data["actions"], data.get("seconds", 0))
        return
    os.makedirs(bench.OUT, exist_ok=True)
    started = time.monotonic()
    colds, actions = [], []
    try:
        primer = prefork("primer", 1)
        primer.await_ready(1)
        bench.await_trained(primer)
        primer.stop()
        if "cold" in SCENARIOS:
            colds.append(cold("plain JVM", 0))
            for workers in WORKER_COUNTS:
                colds.append(cold("%d worker%s" % (workers, "" if workers == 1 else "s"), workers))
        for what, label in (("reload", "kill -HUP, 2 workers"), ("kill", "kill -9 of 1 of 2 workers")):
            if what in SCENARIOS:
                actions.append(action(label, what))
                if COMPARE:
                    actions.append(action(label + ", prefork.slow-start=0 (before)", what, ["--prefork.slow-start=0"]))
    finally:
        for server in list(bench.SERVERS):
            server.stop()
    seconds = time.monotonic() - started
    with open(os.path.join(bench.OUT, "windows.json"), "w") as f:
        json.dump({"cold": colds, "actions": actions, "window": WINDOW, "seconds": seconds}, f)
    report(colds, actions, seconds)


def report(colds, actions, seconds):
    """Prints the table and, with WRITE_DOCS=1, writes it and the pictures into docs/."""
    table = ["| Figure | Measured | Ratio | Goal |", "| --- | --- | --- | --- |"]
    if colds:
        plain = colds[0]
        warm = warm_rate(plain)
        plain_time = seconds_to(plain, 0.8 * warm)
        for result in colds:
            reached = seconds_to(result, 0.8 * warm)
            dip = None if reached is None else lowest_after(result, reached)
            table.append("| Cold start, %s: first 200 after `java -jar`; first window at 80%% of warm plain (%d rps) "
                         "after it; lowest window after that | %.1f s; %s; %s | %s | %s |"
                         % (result["label"], 0.8 * warm, result["first_200"],
                            "not within %d s" % COLD if reached is None else "%.0f s" % reached,
                            "" if dip is None else "%d rps (%.2fx)" % (dip, dip / warm),
                            "" if result is plain or reached is None or not plain_time
                            else "%.2fx" % (reached / plain_time),
                            "" if result is plain else "<= 1.3x plain's time"))
        for result in colds:
            table.append("| Steady (last third of the cold run) and PSS at its end, %s | %d rps, %.0f MB | %s |  |"
                         % (result["label"], warm_rate(result), result["pss"],
                            "" if result is plain else "%.2fx / %.2fx" % (warm_rate(result) / warm,
                                                                         result["pss"] / plain["pss"])))
    goals = {"reload": ">= 0.7x, 0 failed", "kill": ">= 0.5x"}
    for result in actions:
        before, lowest, mean, failed = around(result)
        kind = "reload" if "HUP" in result["label"] else "kill"
        table.append("| %s under load: lowest %d s window after it / mean of the %d s after it, vs. before; failed | "
                     "%d / %d vs %d rps; %d failed | %.2fx / %.2fx | %s |"
                     % (result["label"], WINDOW, AFTER, lowest, mean, before, failed, lowest / before, mean / before,
                        "" if "before" in result["label"] else goals[kind]))
    header = ("Measured %s with `bench/capacity.sh` on %d cores, JDK %s: back-to-back wrk -t%d -c%d runs of %d s "
              "on `GET /`; the run took %d s%s."
              % (time.strftime("%Y-%m-%d", time.gmtime()), os.cpu_count(), bench.java_version(bench.JAVA),
                 bench.THREADS, bench.CONNECTIONS, WINDOW, seconds,
                 ("; prefork runs with " + " ".join(PREFORK_ARGS + bench.PREFORK_JVM_OPTIONS))
                 if PREFORK_ARGS or bench.PREFORK_JVM_OPTIONS else ""))
    text = header + "\n\n" + "\n".join(table) + "\n"
    if bench.publish(text, "capacity", bench.OUT):
        source = os.path.join(bench.OUT, "windows.json")
        plot = ["/usr/bin/python3", os.path.join(bench.ROOT, "bench", "plot.py")]
        for kind, picture, drawn in (("warmup", "warm-up-curve.png", colds), ("reload", "reload-curve.png", actions)):
            if drawn:
                subprocess.run(plot + [kind, source, os.path.join(IMAGES, picture)], check=True, timeout=120)

if __name__ == "__main__":
    main()
