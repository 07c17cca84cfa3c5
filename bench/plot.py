#!/usr/bin/env python3
"""Draws a bench's samples as a PNG for docs/: `plot.py memory samples.json out.png`.

Run with a Python that has matplotlib (Debian's python3-matplotlib, /usr/bin/python3); the bench
scripts call it so.
"""
import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def memory(results, out):
    figure, axes = plt.subplots(figsize=(8, 4.5), dpi=100)
    load_end = None
    for result in results:
        times = [s[0] for s in result["samples"]]
        axes.plot(times, [s[1] for s in result["samples"]], label=result["label"], linewidth=2)
        loaded = [s[0] for s in result["samples"] if s[2] == "load"]
        load_end = max(loaded) if loaded else load_end
    if load_end is not None:
        axes.axvspan(0, load_end, color="0.92", zorder=0)
        axes.text(load_end / 2, 0.02, "wrk load", transform=axes.get_xaxis_transform(), ha="center")
        axes.text(load_end + 1, 0.02, "idle, no forced GC", transform=axes.get_xaxis_transform())
    axes.set_xlabel("seconds since the server was ready")
    axes.set_ylabel("PSS of the whole server, MB")
    axes.set_ylim(bottom=0)
    axes.grid(True, alpha=0.3)
    axes.legend(loc="upper left")
    axes.set_title("Memory over time: one plain JVM vs the prefork server")
    figure.tight_layout()
    figure.savefig(out)


if __name__ == "__main__":
    kind, source, target = sys.argv[1:4]
    with open(source) as f:
        data = json.load(f)
    {"memory": memory}[kind](data, target)
