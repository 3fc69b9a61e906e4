"""Loading XBRL instances: finmodel.load.load against Arelle and bare lxml, in one process.

Usage: python benchmarks/load_vs_arelle.py [--repeat 5] [--generated 1000,100000]
                                            [--large-repeat 1] [--no-memory]

Input: every XBRL instance under `<repo>/../shared/data/instances` (root element
xbrli:xbrl), plus synthetic instances of the given fact counts, rendered by
`finmodel.render.render_xbrl` from the report generator of benchmarks/validate_scaling.py
into a temporary folder. Output on stdout, as Markdown tables:

- seconds (median of `--repeat` runs after one warm-up; instances of 50,000 facts or more:
  `--large-repeat` runs, no warm-up) for `finmodel.load.load(path)`, Arelle
  (`Cntlr.modelManager.load(path)`, count facts, close) and bare `lxml.etree.parse` with the
  same safe parser options finmodel uses; facts per second; ours/Arelle and ours/lxml ratios;
- memory: tracemalloc peak of one load (Python heap; lxml's and Arelle's C-level libxml2
  trees are invisible to it), and the growth of the resident set (VmHWM after the load minus
  VmRSS before it) of one load in a fresh child process, which does count C memory.

Arelle runs offline (`webCache.workOffline`), with HOME and XDG_CONFIG_HOME pointed at a
temporary folder before it is imported, and with finmodel's taxonomy package
(`finmodel.taxonomy.package_zip`) registered, so the synthetic instances (which import the
US-GAAP 2024 entry points) resolve. The real instances import other taxonomy versions that
are not available offline: Arelle then builds no fact for an element whose concept it cannot
find, which the "Arelle facts" column shows. Only rows where both fact counts agree compare
like with like. No assertion is made on any time: the figures go into docs/performance.md.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any, Callable

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SHARED = REPO.parent / "shared" / "data"
LARGE = 50_000
XBRLI_ROOT = "{http://www.xbrl.org/2003/instance}xbrl"
NON_FACT_NS = ("{http://www.xbrl.org/2003/instance}", "{http://www.xbrl.org/2003/linkbase}")

sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))


def isolate_arelle_home(folder: str) -> None:
    """Point HOME and XDG_CONFIG_HOME at `folder` so Arelle writes its config and cache there.
    Must run before `arelle` is imported."""
    os.environ["HOME"] = folder
    os.environ["XDG_CONFIG_HOME"] = folder


def real_instances() -> list[Path]:
    """Files under the shared instances folder whose root element is xbrli:xbrl."""
    from lxml import etree

    found = []
    for path in sorted((SHARED / "instances").rglob("*")):
        if not path.is_file():
            continue
        try:
            _, root = next(etree.iterparse(str(path), events=("start",), resolve_entities=False, no_network=True,
                                           load_dtd=False))
        except (etree.XMLSyntaxError, StopIteration):
            continue
        if root.tag == XBRLI_ROOT:
            found.append(path)
    return found


def generated_instances(sizes: list[int], folder: Path) -> list[tuple[Path, float]]:
    """Render a synthetic report of each size (validate_scaling.make_report) into `folder`;
    (instance path, seconds render_xbrl took) for each."""
    from finmodel.render import render_xbrl
    from validate_scaling import make_report

    paths = []
    for n in sizes:
        report = make_report(n)
        t0 = time.perf_counter()
        files = render_xbrl(report, stem=f"synthetic-{n}")
        seconds = time.perf_counter() - t0
        for name, content in files.items():
            (folder / name).write_bytes(content)
        paths.append((folder / f"synthetic-{n}.xml", seconds))
        print(f"  rendered synthetic-{n}.xml in {seconds:.2f} s", file=sys.stderr, flush=True)
    return paths


# --------------------------------------------------------------------------- the three loaders


def lxml_parser():
    """A parser with finmodel's safe options (finmodel.xmlsafe.make_parser)."""
    from finmodel.xmlsafe import make_parser

    return make_parser()


def load_lxml(path: Path) -> int:
    """Bare lxml parse of the whole document; returns 0 (facts are counted untimed by
    count_lxml_facts)."""
    from lxml import etree

    etree.parse(str(path), lxml_parser())
    return 0


def count_lxml_facts(path: Path) -> int:
    """Fact-like elements: children of the root that are not xbrli or link elements."""
    from lxml import etree

    root = etree.parse(str(path), lxml_parser()).getroot()
    return sum(1 for el in root if isinstance(el.tag, str) and not el.tag.startswith(NON_FACT_NS))


def load_ours(path: Path) -> int:
    from finmodel.load import load

    return len(load(path).facts)


class ArelleLoader:
    """One Arelle controller, offline, logging to a buffer, with finmodel's package registered."""

    def __init__(self, package: Path | None):
        from arelle import Cntlr, PackageManager

        self.cntlr = Cntlr.Cntlr(logFileName="logToBuffer")
        self.cntlr.webCache.workOffline = True
        if package is not None:
            PackageManager.init(self.cntlr, loadPackagesConfig=False)
            if PackageManager.addPackage(self.cntlr, str(package)) is None:
                raise RuntimeError(f"Arelle refused the package {package}")
            PackageManager.rebuildRemappings(self.cntlr)

    def __call__(self, path: Path) -> int:
        model = self.cntlr.modelManager.load(str(path))
        try:
            return len(model.facts)
        finally:
            model.close()


# --------------------------------------------------------------------------- measuring


def timed(fn: Callable[[], int], repeat: int, warm_up: bool) -> tuple[float, int]:
    """(median seconds of `repeat` calls, the last call's result), after one untimed call when
    `warm_up`."""
    result = fn() if warm_up else 0
    times = []
    for _ in range(max(1, repeat)):
        gc.collect()
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def traced_peak(fn: Callable[[], Any]) -> float:
    """Peak Python heap (MiB) traced by tracemalloc during one call."""
    gc.collect()
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def _status_kib(field: str) -> int:
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith(field + ":"))


def child_main(which: str, path: Path, package: Path | None, warm: Path | None) -> int:
    """In a fresh process: set the loader up and warm it on the small instance `warm` (so
    imports and one-off set-up are not counted), then print the RSS growth of loading `path`
    (VmHWM after the load minus VmRSS before it) in KiB, and the fact count."""
    if which == "arelle":
        loader: Callable[[Path], int] = ArelleLoader(package)
    elif which == "ours":
        from finmodel.render import resolve_taxonomy

        resolve_taxonomy()  # the bundled taxonomy is process-wide state, loaded once: not counted
        loader = load_ours
    else:
        loader = load_lxml
    if warm is not None:
        loader(warm)
    gc.collect()
    before = _status_kib("VmRSS")
    n = loader(path)
    print(f"__RSS__ {_status_kib('VmHWM') - before} {n}")
    return 0


def child_rss(which: str, path: Path, package: Path | None, warm: Path | None) -> float | None:
    """RSS growth in MiB of one load in a fresh child process (None without /proc)."""
    if not Path("/proc/self/status").exists():
        return None
    argv = [sys.executable, __file__, "--child", which, str(path)]
    if warm is not None:
        argv += ["--warm", str(warm)]
    if package is not None:
        argv += ["--package", str(package)]
    proc = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=os.environ.copy())
    for line in proc.stdout.decode().splitlines():
        if line.startswith("__RSS__"):
            return int(line.split()[1]) / 1024
    print(f"  child {which} {path.name} failed: {proc.stderr.decode()[-300:]}", file=sys.stderr)
    return None


def fmt_rate(facts: int, seconds: float) -> str:
    return f"{facts / seconds:,.0f}" if seconds > 0 and facts else "–"


def fmt_mib(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--large-repeat", type=int, default=1, help=f"runs for instances of {LARGE}+ facts")
    parser.add_argument("--generated", default="1000,100000", help="synthetic instance sizes ('' for none)")
    parser.add_argument("--no-memory", action="store_true", help="skip tracemalloc and child-process memory runs")
    parser.add_argument("--child", choices=("ours", "arelle", "lxml"), help=argparse.SUPPRESS)
    parser.add_argument("--package", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--warm", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("paths", nargs="*", type=Path, help="instances (default: the shared ones)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="finmodel-bench-") as tmp:
        if args.child:
            isolate_arelle_home(tmp)
            return child_main(args.child, args.paths[0], args.package, args.warm)
        isolate_arelle_home(tmp)
        from finmodel.taxonomy import package_zip

        package = package_zip(Path(tmp) / "pkg")
        paths = list(args.paths) or real_instances()
        sizes = [int(s) for s in args.generated.split(",") if s.strip()]
        generated = generated_instances(sizes, Path(tmp))
        paths += [p for p, _ in generated]

        t0 = time.perf_counter()
        arelle = ArelleLoader(package)  # the first import of arelle happens here
        arelle_import = time.perf_counter() - t0
        from finmodel.render import resolve_taxonomy

        resolve_taxonomy()  # bundled taxonomy: loaded once per process, outside the timings

        smallest = min(paths, key=lambda p: p.stat().st_size)  # warms the child processes up
        rows = []
        for path in paths:
            n_lxml = count_lxml_facts(path)
            large = n_lxml >= LARGE
            repeat, warm = (args.large_repeat, False) if large else (args.repeat, True)
            row: dict[str, Any] = {"name": path.name, "mib": path.stat().st_size / 2**20, "n_lxml": n_lxml}
            row["t_ours"], row["n_ours"] = timed(lambda: load_ours(path), repeat, warm)
            row["t_arelle"], row["n_arelle"] = timed(lambda: arelle(path), repeat, warm)
            row["t_lxml"], _ = timed(lambda: load_lxml(path), repeat, warm)
            if not args.no_memory:
                row["tm_ours"] = traced_peak(lambda: load_ours(path))
                row["tm_lxml"] = traced_peak(lambda: load_lxml(path))
                row["tm_arelle"] = None if large else traced_peak(lambda: arelle(path))
                row["rss_ours"] = child_rss("ours", path, None, smallest)
                row["rss_arelle"] = child_rss("arelle", path, package, smallest)
                row["rss_lxml"] = child_rss("lxml", path, None, smallest)
            rows.append(row)
            print(f"  done {path.name}", file=sys.stderr, flush=True)

    print(f"# load_vs_arelle: python {sys.version.split()[0]}, nproc {os.cpu_count()}, repeat {args.repeat} "
          f"(median after 1 warm-up; {LARGE}+ facts: {args.large_repeat} run, no warm-up)\n")
    print(f"Arelle import and controller set-up: {arelle_import:.2f} s (not in the figures below).")
    for path, seconds in generated:
        print(f"{path.name}: written by finmodel.render.render_xbrl in {seconds:.2f} s (one run).")
    print()
    print("## Time\n")
    print("| instance | MiB | facts ours | facts Arelle | fact elements | ours s | Arelle s | lxml s "
          "| ours facts/s | Arelle facts/s | ours/Arelle | ours/lxml |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['name']} | {r['mib']:.2f} | {r['n_ours']} | {r['n_arelle']} | {r['n_lxml']} "
              f"| {r['t_ours']:.4f} | {r['t_arelle']:.4f} | {r['t_lxml']:.4f} "
              f"| {fmt_rate(r['n_ours'], r['t_ours'])} | {fmt_rate(r['n_arelle'], r['t_arelle'])} "
              f"| {r['t_ours'] / r['t_arelle']:.2f}{'' if r['n_ours'] == r['n_arelle'] else '*'} "
              f"| {r['t_ours'] / r['t_lxml']:.1f} |")
    print("\n\\* fact counts differ: Arelle could not resolve the taxonomy offline and built fewer facts, "
          "so this ratio does not compare like with like.")
    if not args.no_memory:
        print("\n## Memory of one load, MiB\n")
        print("| instance | ours tracemalloc peak | lxml tracemalloc peak | Arelle tracemalloc peak "
              "| ours RSS growth | Arelle RSS growth | lxml RSS growth | ours/Arelle RSS |")
        print("|---|---|---|---|---|---|---|---|")
        for r in rows:
            ratio = (f"{r['rss_ours'] / r['rss_arelle']:.2f}"
                     if r["rss_ours"] is not None and r["rss_arelle"] and min(r["rss_ours"], r["rss_arelle"]) >= 1
                     else "–")
            print(f"| {r['name']} | {fmt_mib(r['tm_ours'])} | {fmt_mib(r['tm_lxml'])} | {fmt_mib(r['tm_arelle'])} "
                  f"| {fmt_mib(r['rss_ours'])} | {fmt_mib(r['rss_arelle'])} | {fmt_mib(r['rss_lxml'])} | {ratio} |")
        print("\ntracemalloc sees only the Python heap (not libxml2's trees); Arelle's is not traced on "
              f"instances of {LARGE}+ facts (too slow). RSS growth: VmHWM after the load minus VmRSS "
              "before it, in a fresh child process warmed up on the smallest instance; it moves in steps of "
              "allocator arenas, so growths under 1 MiB are noise and get no ratio.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
