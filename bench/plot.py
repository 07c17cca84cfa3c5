#!/usr/bin/env python3
"""Draws a bench's samples as a PNG for docs/: `plot.py memory|warmup|reload samples.json out.png`.

Run with a Python that has matplotlib (Debian's python3-matplotlib, /usr/bin/python3); the bench
scripts call it so.
"""
import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def _pane(axes, xlabel, title, legend):
    axes.set_xlabel(xlabel)
    axes.set_title(title)
    axes.set_ylim(bottom=0)
    axes.grid(True, alpha=0.3)
    axes.legend(loc=legend)


def _save(figure, out):
    figure.tight_layout()
    figure.savefig(out)


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
    axes.set_ylabel("PSS of the whole server, MB")
    _pane(axes, "seconds since the server was ready", "Memory over time: one plain JVM vs the prefork server",
          "upper left")
    _save(figure, out)


def _curve(axes, samples, label, shift=0.0):
    # each window drawn as a step over the seconds it covered
    xs, ys = [], []
    for start, end, rps, _ in samples:
        xs += [start - shift, end - shift]
        ys += [rps / 1000, rps / 1000]
    axes.plot(xs, ys, label=label, linewidth=2)


def warmup(data, out):
    figure, axes = plt.subplots(figsize=(8, 4.5), dpi=100)
    for result in data["cold"]:
        _curve(axes, result["samples"], "%s (first 200 after %.1f s)" % (result["label"], result["first_200"]))
    axes.set_ylabel("thousand requests per second, %d s windows" % data["window"])
    _pane(axes, "seconds since the first 200", "Warm-up from a cold start: one plain JVM vs the prefork server",
          "lower right")
    _save(figure, out)


def reload(data, out):
    kinds = [("HUP", "kill -HUP under load"), ("kill -9", "kill -9 of one of two workers under load")]
    figure, panes = plt.subplots(1, 2, figsize=(11, 4.5), dpi=100, sharey=True)
    for axes, (key, title) in zip(panes, kinds):
        for result in data["actions"]:
            if key in result["label"]:
                label = "prefork.slow-start=0 (before)" if "before" in result["label"] else "slow start (now)"
                _curve(axes, result["samples"], label, shift=result["acted"])
        axes.axvline(0, color="0.4", linestyle="--")
        axes.text(0.3, 0.03, "signal", transform=axes.get_xaxis_transform())
        _pane(axes, "seconds since the signal", title, "best")
    panes[0].set_ylabel("thousand requests per second, %d s windows" % data["window"])
    figure.suptitle("Capacity of 2 warm workers through a reload and a killed worker")
    _save(figure, out)


if __name__ == "__main__":
    kind, source, target = sys.argv[1:4]
    with open(source) as f:
        data = json.load(f)
    {"memory": memory, "warmup": warmup, "reload": reload}[kind](data, target)
