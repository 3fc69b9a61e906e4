"""Load and render speed on the sample XBRL instances.

    python benchmarks/load_speed.py [--repeat N]

Prints, per instance, the fact count, the time to load it and the time to render it
back to XBRL + xBRL-JSON (median of N runs).
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from finmodel.load import load  # noqa: E402
from finmodel.render import render_json, render_xbrl, resolve_taxonomy  # noqa: E402

INSTANCES = Path(__file__).resolve().parents[2].joinpath("shared/data/instances")


def median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("paths", nargs="*", type=Path)
    args = parser.parse_args()
    paths = args.paths or sorted(p for p in INSTANCES.rglob("*.xml")
                                 if re.search(rb"<([A-Za-z_][\w.-]*:)?xbrl[\s>]", p.read_bytes()[:8192]))
    resolve_taxonomy()  # load the bundled taxonomy once, outside the timings
    print(f"{'instance':45} {'facts':>6} {'load s':>8} {'render s':>9}")
    for path in paths:
        report = load(path)
        t_load = median_time(lambda: load(path), args.repeat)
        t_render = median_time(lambda: (render_xbrl(report), render_json(report)), args.repeat)
        print(f"{path.name:45} {len(report.facts):6d} {t_load:8.3f} {t_render:9.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
