#!/usr/bin/env python3
"""Issue 6's figures, each a ratio against one plain Spring Boot JVM measured in the same run.

Serves the sample app on loopback and prints one table:
  steady     throughput of 2 and 4 workers after a warm-up, median of ROUNDS wrk runs, vs. plain
  spread     requests of the busiest worker / the least busy, over the steady runs
  warm-up    the first 10 s after the server is ready, and after a HUP reload completes, vs. warm plain,
             per JDK, without and with a warm-up pass (prefork.warmup.requests)
  boot       one worker's spawn -> ready (class cache trained) vs. a cold `java -jar` to its first 200,
             for every JDK given in JDKS
  memory     PSS per worker, PSS each worker adds to the whole server (from 2 to 4 workers) and RSS of
             the master, idle after warm-up and a GC, vs. the plain JVM's RSS
  reload     HUP under load: seconds until the new generation serves every slot and until the old one
             has exited, and failed requests
Every process it starts is stopped at the end (or on Ctrl-C); every wait is bounded.

Run it with bench/performance.sh, which installs wrk if missing and builds the jar.
Environment: JAVA (default: java), JDKS (space-separated java binaries for the boot figures;
default: JAVA and Temurin 25 when installed), ROUNDS (3), DURATION (10), WARMUP (20; before a HUP),
STEADY_WARMUP (40; before the steady runs), WARMUP_REQUESTS (50000; the warm-up pass measured),
CONNECTIONS (32), THREADS (2), BENCH_JVM_OPTIONS (extra JVM options of every run, plain and prefork, such as
-Dspring.aot.enabled=true), BENCH_PREFORK_JVM_OPTIONS (extra JVM options of the prefork runs only),
STEPS ("steady boot warmup reload"; warmup needs steady's baseline), WRITE_DOCS (1: update docs/performance.md).
"""
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JAR = os.path.join(ROOT, "sample-app", "target", "sample-app.jar")
JAVA = os.environ.get("JAVA", "java")
TEMURIN_25 = "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java"
JDKS = os.environ.get("JDKS", JAVA + (" " + TEMURIN_25 if os.path.exists(TEMURIN_25) else "")).split()
ROUNDS = int(os.environ.get("ROUNDS", "3"))
DURATION = int(os.environ.get("DURATION", "10"))
WARMUP = int(os.environ.get("WARMUP", "20"))
CONNECTIONS = int(os.environ.get("CONNECTIONS", "32"))
THREADS = int(os.environ.get("THREADS", "2"))
JVM_OPTIONS = os.environ.get("BENCH_JVM_OPTIONS", "").split()
PREFORK_JVM_OPTIONS = os.environ.get("BENCH_PREFORK_JVM_OPTIONS", "").split()
STEPS = os.environ.get("STEPS", "steady boot warmup reload").split()
WARMUP_REQUESTS = int(os.environ.get("WARMUP_REQUESTS", "50000"))
STEADY_WARMUP = int(os.environ.get("STEADY_WARMUP", "40"))
OUT = os.path.join(ROOT, "bench", "results", "performance-" + time.strftime("%Y%m%dT%H%M%SZ", time.gmtime()))
CACHE = os.path.join(OUT, "class-cache")

SERVERS = []


def log(message):
    print(message, flush=True)


def wait_for(what, seconds, condition, interval=0.1):
    limit = time.monotonic() + seconds
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > limit:
            raise TimeoutError("timed out after %d s waiting for %s" % (seconds, what))
        time.sleep(interval)


class Server:
    """One java -jar of the sample app: a plain JVM or a prefork master, its log in OUT."""

    def __init__(self, name, args, java=JAVA, jvm_options=()):
        self.name = name
        self.log_path = os.path.join(OUT, name + ".log")
        self.runtime = os.path.join(OUT, "run-" + name)
        command = [java, *JVM_OPTIONS, *jvm_options, "-jar", JAR, "--server.port=0"] + list(args)
        self.prefork = "--prefork.enabled=false" not in args
        if self.prefork:
            command += ["--prefork.runtime-dir=" + self.runtime, "--prefork.class-cache-dir=" + CACHE]
        env = dict(os.environ)
        env.pop("WEB_CONCURRENCY", None)
        self.started = time.monotonic()
        # same session as wrk: see "Why the server runs in the benchmark's session" in docs/performance.md
        self.process = subprocess.Popen(command, stdout=open(self.log_path, "w"), stderr=subprocess.STDOUT,
                                        stdin=subprocess.DEVNULL, env=env)
        SERVERS.append(self)
        pattern = r"Listening at: http://\S+:(\d+)" if self.prefork else r"Tomcat started on port (\d+)"
        self.port = int(wait_for(self.name + " to listen", 120, lambda: self.find(pattern)))

    @property
    def pid(self):
        return self.process.pid

    def text(self):
        with open(self.log_path, errors="replace") as f:
            return f.read()

    def find(self, pattern):
        match = re.search(pattern, self.text())
        return match.group(1) if match else None

    def count(self, pattern):
        return len(re.findall(pattern, self.text()))

    def await_ready(self, workers=1):
        if self.prefork:
            wait_for("%d ready workers" % workers, 180, lambda: self.count(r" ready in [0-9.]+ s") >= workers)
        else:
            wait_for("the plain JVM to start", 120, lambda: self.count(r"Started SampleApplication") >= 1)

    def status(self):
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.settimeout(10)
            s.connect(os.path.join(self.runtime, "control.sock"))
            s.sendall(b"status\n")
            data = b""
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
        return json.loads(data)

    def workers(self):
        return {w["pid"]: w for w in self.status()["workers"]}

    def signal(self, name):
        os.kill(self.pid, getattr(signal, "SIG" + name))

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                pass
        kill_tree(self.process.pid)
        if self in SERVERS:
            SERVERS.remove(self)


def descendants(pid):
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open("/proc/%s/stat" % entry) as f:
                    parent = int(f.read().rsplit(")", 1)[1].split()[1])
                children.setdefault(parent, []).append(int(entry))
            except (OSError, ValueError, IndexError):
                pass
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def kill_tree(pid):
    """Ends a server and every process under it: workers and training runs."""
    for each in [pid] + descendants(pid):
        try:
            os.kill(each, signal.SIGKILL)
        except ProcessLookupError:
            pass


def wrk(port, seconds, path="/"):
    out = subprocess.run(["wrk", "-t%d" % THREADS, "-c%d" % CONNECTIONS, "-d%ds" % seconds,
                          "http://127.0.0.1:%d%s" % (port, path)], capture_output=True, text=True,
                         timeout=seconds + 60).stdout
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    failed = (sum(int(g) for g in errors.groups()) if errors else 0) + (int(non2xx.group(1)) if non2xx else 0)
    return requests / seconds, failed


def http_ok(port, path="/"):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2) as s:
            s.sendall(("GET %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n" % path).encode())
            return s.recv(64).startswith(b"HTTP/1.1 200")
    except OSError:
        return False


def kib(pid, field, path):
    with open("/proc/%d/%s" % (pid, path)) as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def pss_mb(pid):
    return kib(pid, "Pss", "smaps_rollup") / 1024


def tree_pss_mb(pid):
    """The PSS of a process and every process under it (a server: master, workers, helpers)."""
    total = 0.0
    for each in [pid] + descendants(pid):
        try:
            total += pss_mb(each)
        except OSError:
            pass  # a process that ended between the listing and the read
    return total


def rss_mb(pid):
    return kib(pid, "VmRSS", "status") / 1024


def jcmd_gc(java, pid):
    jcmd = os.path.join(os.path.dirname(os.path.realpath(shutil.which(java) or java)), "jcmd")
    subprocess.run([jcmd, str(pid), "GC.run"], capture_output=True, timeout=60)


def java_version(java):
    out = subprocess.run([java, "-version"], capture_output=True, text=True).stderr
    return re.search(r'version "([^"]+)"', out).group(1)


def await_warm(server, workers, seconds=240):
    """Loads the server until `workers` workers are warm (past their slow start: they boot one at a time)."""
    load = subprocess.Popen([sys.executable, __file__, "--wrk", str(server.port), str(seconds)],
                            stdout=subprocess.DEVNULL)
    try:
        wait_for("%d warm workers" % workers, seconds,
                 lambda: len([w for w in server.status()["workers"] if w.get("warm")]) >= workers, interval=1)
    finally:
        kill_tree(load.pid)
        load.wait()


def await_trained(server):
    wait_for("the class cache", 180, lambda: server.find(r"(Class cache ready|Class cache: workers map|Class cache off)"))


# ---------------------------------------------------------------------------------------------- steps

def steady(rows, figures):
    """Plain, 2 and 4 workers: warm-up, then ROUNDS timed runs; spread from the master's counts."""
    results = {}
    for label, workers in (("plain", 0), ("2 workers", 2), ("4 workers", 4)):
        args = ["--prefork.enabled=false"] if workers == 0 else ["--prefork.workers=%d" % workers]
        server = Server("steady-%s" % label.replace(" ", ""), args,
                        jvm_options=PREFORK_JVM_OPTIONS if workers else ())
        server.await_ready(max(workers, 1))
        if workers:
            await_warm(server, workers)
        wrk(server.port, STEADY_WARMUP)
        before = server.workers() if workers else {}
        rates = [wrk(server.port, DURATION)[0] for _ in range(ROUNDS)]
        results[label] = statistics.median(rates)
        if workers:
            after = server.workers()
            served = [after[p]["requests"] - before[p]["requests"] for p in after if p in before]
            figures["spread " + label] = max(served) / max(min(served), 1)
            # idle after warm-up: a GC in every JVM, then memory
            for pid in after:
                jcmd_gc(JAVA, pid)
            time.sleep(2)
            pss = [pss_mb(p) for p in after]
            figures["worker pss " + label] = statistics.mean(pss)
            figures["server pss " + label] = pss_mb(server.pid) + sum(pss)
            figures["master rss " + label] = rss_mb(server.pid)
        else:
            jcmd_gc(JAVA, server.pid)
            time.sleep(2)
            figures["plain rss"] = rss_mb(server.pid)
        log("steady %s: %s rps (median of %s)" % (label, int(results[label]), [int(r) for r in rates]))
        server.stop()
    figures["plain rps"] = results["plain"]
    for label in ("2 workers", "4 workers"):
        rows.append(("Steady throughput, %s" % label, "%d rps vs %d" % (results[label], results["plain"]),
                     results[label] / results["plain"], ">= 1.0" if label == "2 workers" else ">= 0.95"))
    for label in ("2 workers", "4 workers"):
        rows.append(("Spread, %s (busiest / least busy)" % label, "", figures["spread " + label], "<= 1.5"))
    for label in ("2 workers", "4 workers"):
        rows.append(("Memory: PSS per worker, %s, vs plain RSS" % label,
                     "%.0f MB vs %.0f MB" % (figures["worker pss " + label], figures["plain rss"]),
                     figures["worker pss " + label] / figures["plain rss"], "<= 0.6"))
    # what two more workers add to the whole server (master and workers), per worker
    added = (figures["server pss 4 workers"] - figures["server pss 2 workers"]) / 2
    rows.append(("Memory: PSS each worker adds (2 -> 4 workers), vs plain RSS",
                 "%.0f MB vs %.0f MB" % (added, figures["plain rss"]), added / figures["plain rss"], "<= 0.6"))
    rows.append(("Memory: master RSS", "%.0f MB" % figures["master rss 2 workers"], None, "<= 64 MB"))


def warmup(rows, figures):
    """The first DURATION s after the server is ready and after a HUP, per JDK, without and with a warm-up pass."""
    plain = figures["plain rps"]
    for java in JDKS:
        version = java_version(java)
        for label, args in (("default", []), ("warm-up pass of %d" % WARMUP_REQUESTS,
                                              ["--prefork.warmup.requests=%d" % WARMUP_REQUESTS])):
            server = Server("warmup-%s-%s" % (version, len(args)), ["--prefork.workers=2"] + args, java=java,
                            jvm_options=PREFORK_JVM_OPTIONS)
            server.await_ready(2)
            await_trained(server)
            first, _ = wrk(server.port, DURATION)
            wrk(server.port, WARMUP)
            server.signal("HUP")
            wait_for("the reload", 180, lambda: server.count("Reload complete") >= 1)
            after_hup, _ = wrk(server.port, DURATION)
            rows.append(("Warm-up, JDK %s, %s: first %d s after ready / after HUP" % (version, label, DURATION),
                         "%d / %d rps" % (first, after_hup), (first / plain, after_hup / plain), ">= 0.8"))
            log("warm-up JDK %s %s: %d after ready, %d after HUP" % (version, label, first, after_hup))
            server.stop()


def reload_under_load(rows, figures):
    """HUP while wrk runs: how long until every worker is replaced, and failed requests."""
    server = Server("reload", ["--prefork.workers=2"], jvm_options=PREFORK_JVM_OPTIONS)
    server.await_ready(2)
    await_trained(server)
    wrk(server.port, WARMUP)
    before = set(server.workers())
    load = subprocess.Popen([sys.executable, __file__, "--wrk", str(server.port), str(DURATION * 4)],
                            stdout=subprocess.PIPE, text=True)
    time.sleep(2)
    hup_at = time.monotonic()
    server.signal("HUP")
    wait_for("the reload under load", 180, lambda: server.count("Reload complete") >= 1)
    wait_for("the old generation to exit", 120, lambda: not (before & set(server.workers())))
    replaced_after = time.monotonic() - hup_at
    _, failed = json.loads(load.communicate(timeout=DURATION * 4 + 90)[0])
    complete = float(server.find(r"Reload complete: .* after ([0-9.]+) s") or 0)
    boots = [float(b) for b in re.findall(r" ready in ([0-9.]+) s", server.text())[2:]]
    idle_boot = figures.get("worker boot " + JAVA)
    rows.append(("Reload under load: HUP until the new generation serves every slot / until the old one has exited",
                 "%.1f s / %.1f s (its workers booted in %s s under load%s), %d failed requests"
                 % (complete, replaced_after, "/".join("%.1f" % b for b in boots),
                    "; %.2f s idle" % idle_boot if idle_boot else "", failed),
                 None, "<= boot + 2 s, 0 failed"))
    server.stop()


def boot(rows, figures):
    """Cold java -jar to first 200, vs one worker's spawn -> ready with the class cache, per JDK."""
    for java in JDKS:
        version = java_version(java)
        cold = []
        for i in range(ROUNDS):
            started = time.monotonic()
            server = Server("cold-%s-%d" % (version, i), ["--prefork.enabled=false"], java=java)
            wait_for("the first 200", 120, lambda: http_ok(server.port), interval=0.02)
            cold.append(time.monotonic() - started)
            server.stop()
        master = Server("boot-%s" % version, ["--prefork.workers=1"], java=java, jvm_options=PREFORK_JVM_OPTIONS)
        master.await_ready(1)
        await_trained(master)
        ready = []
        for i in range(ROUNDS):
            master.signal("TTIN")
            wait_for("worker %d" % (i + 2), 120, lambda: master.count(r" ready in [0-9.]+ s") >= i + 2)
            ready.append(float(re.findall(r" ready in ([0-9.]+) s", master.text())[-1]))
            master.signal("TTOU")
            wait_for("one worker again", 60, lambda: len(master.workers()) == 1)
        master.stop()
        figures["worker boot " + java] = statistics.median(ready)
        rows.append(("Worker boot, JDK %s: spawn -> ready vs cold java -jar" % version,
                     "%.2f s vs %.2f s" % (statistics.median(ready), statistics.median(cold)),
                     statistics.median(ready) / statistics.median(cold), "<= 0.40 (JDK 25)"))
        log("boot JDK %s: worker %s, cold %s" % (version, ["%.2f" % r for r in ready], ["%.2f" % c for c in cold]))


def publish(text, marker, out):
    """Saves a table in the run's folder, prints it, and (WRITE_DOCS=1) writes it into docs/performance.md
    between the `<!-- marker:start -->` and `<!-- marker:end -->` lines. Returns whether the docs were written."""
    with open(os.path.join(out, "table.md"), "w") as f:
        f.write(text)
    print()
    print(text)
    if os.environ.get("WRITE_DOCS", "1") != "1":
        return False
    doc = os.path.join(ROOT, "docs", "performance.md")
    start, end = "<!-- %s:start -->" % marker, "<!-- %s:end -->" % marker
    content = open(doc).read()
    if start in content:
        a, b = content.index(start), content.index(end) + len(end)
        with open(doc, "w") as f:
            f.write(content[:a] + start + "\n\n" + text + "\n" + end + content[b:])
        print("Wrote " + doc)
    return True


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--wrk":
        print(json.dumps(wrk(int(sys.argv[2]), int(sys.argv[3]))))
        return
    os.makedirs(OUT, exist_ok=True)
    rows, figures = [], {}
    started = time.monotonic()
    try:
        # train the class cache first, as a first deploy does, so that no measurement runs beside training
        primer = Server("primer", ["--prefork.workers=1"], jvm_options=PREFORK_JVM_OPTIONS)
        primer.await_ready(1)
        await_trained(primer)
        primer.stop()
        if "steady" in STEPS or "warmup" in STEPS:
            steady(rows, figures)
        if "boot" in STEPS:
            boot(rows, figures)
        if "warmup" in STEPS:
            warmup(rows, figures)
        if "reload" in STEPS:
            reload_under_load(rows, figures)
    finally:
        for server in list(SERVERS):
            server.stop()
    table = ["| Figure | Measured | Ratio | Goal |", "| --- | --- | --- | --- |"]
    for name, measured, ratio, goal in rows:
        if isinstance(ratio, tuple):
            shown = " / ".join("%.2fx" % r for r in ratio)
        else:
            shown = "" if ratio is None else "%.2fx" % ratio
        table.append("| %s | %s | %s | %s |" % (name, measured, shown, goal))
    header = ("Measured %s with `bench/performance.sh` on %d cores, JDK %s%s: wrk -t%d -c%d on `GET /`, "
              "%d s runs (median of %d) after a %d s warm-up; the run took %d s."
              % (time.strftime("%Y-%m-%d", time.gmtime()), os.cpu_count(), java_version(JAVA),
                 (" (boot and warm-up also on " + ", ".join(java_version(j) for j in JDKS[1:]) + ")")
                 if len(JDKS) > 1 else "", THREADS, CONNECTIONS, DURATION, ROUNDS, STEADY_WARMUP,
                 time.monotonic() - started))
    if JVM_OPTIONS:
        header += " Every run with " + " ".join(JVM_OPTIONS) + "."
    if PREFORK_JVM_OPTIONS:
        header += " Prefork runs with " + " ".join(PREFORK_JVM_OPTIONS) + "."
    text = header + "\n\n" + "\n".join(table) + "\n"
    publish(text, "performance", OUT)

if __name__ == "__main__":
    main()
