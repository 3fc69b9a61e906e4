"""The command line: parse arguments, call the pipeline, print findings, set the exit code.

Exit codes: 0 written / no error findings; 1 written, but error-level findings;
2 bad input or usage (one line on stderr naming the file and the place, nothing written).
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from pathlib import Path
from typing import Sequence

import attrs

from . import __version__
from .errors import InputError

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT = 0, 1, 2
FORMATS = ("xbrl", "json", "md")
RENDER_FORMATS = {"xbrl": ".xml", "json": ".json", "md": ".md"}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2, like every bad-input error
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: usage error: {message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="finmodel", description="Read filings and XBRL, map numbers to concepts, validate, render.")
    parser.add_argument("--version", action="version", version=f"finmodel {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--taxonomy", help="taxonomy package (folder or zip) or schema to use instead of the bundled one")
        p.add_argument("--cik", help="the filer's CIK when the filing does not show it")

    p = sub.add_parser("convert", help="filing or XBRL -> XBRL instance + extension, xBRL-JSON, summary, findings")
    p.add_argument("input")
    p.add_argument("-o", "--outdir", default=".")
    p.add_argument("--formats", default=",".join(FORMATS), help="comma-separated: xbrl,json,md (findings always)")
    common(p)

    p = sub.add_parser("extract", help="facts as xBRL-JSON, nothing else")
    p.add_argument("input")
    p.add_argument("-o", "--output", required=True)
    common(p)

    p = sub.add_parser("validate", help="print findings; exit 1 when any is an error")
    p.add_argument("file")
    p.add_argument("--json", action="store_true", help="print findings as JSON")
    common(p)

    p = sub.add_parser("render", help="re-render an XBRL instance or xBRL-JSON in another format")
    p.add_argument("file")
    p.add_argument("--to", required=True, choices=sorted(RENDER_FORMATS))
    p.add_argument("-o", "--output", required=True)
    common(p)
    return parser


def _taxonomy(args):
    from .pipeline import load_taxonomy

    return load_taxonomy(args.taxonomy) if args.taxonomy else load_taxonomy()


def _write_json_atomically(path: Path, data) -> None:
    from .files import indented_json, write_atomically

    # indented_json(sort_keys=True) is json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True)
    write_atomically({path: (indented_json(data, sort_keys=True) + "\n").encode()})


def _convert(args) -> int:
    from . import pipeline

    formats = tuple(f.strip() for f in args.formats.split(",") if f.strip())
    unknown = [f for f in formats if f not in FORMATS + ("findings", "coverage")]
    if unknown:
        raise InputError(args.input, f"unknown format {unknown[0]!r} (known: {', '.join(FORMATS)})")
    data = pipeline.read_bytes(args.input)
    kind = pipeline.detect(args.input, data)
    taxonomy = _taxonomy(args)
    coverage = None
    if kind in pipeline.FILING_KINDS:
        conversion = pipeline.convert_filing_detail(args.input, taxonomy=taxonomy, cik=args.cik, data=data)
        report = conversion.report
        try:
            from .mapping import coverage as _coverage

            coverage = _coverage(conversion.document, conversion.readings, report)
        except ImportError:
            coverage = None
    else:
        report = pipeline.read(args.input, taxonomy=taxonomy)
    findings = pipeline.validate(report, taxonomy=taxonomy)
    stem = Path(args.input).stem
    if report.extension is not None:  # the contract: STEM.xml with STEM.xsd and its linkbases
        report = attrs.evolve(report, extension=attrs.evolve(report.extension, schema_name=f"{stem}.xsd"))
    outdir = Path(args.outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    written = pipeline.write(report, outdir, stem=stem, formats=[f for f in formats if f in FORMATS],
                             taxonomy=taxonomy, findings=findings)
    if coverage is not None:
        cov_path = outdir / f"{stem}.coverage.json"
        _write_json_atomically(cov_path, {"source": str(args.input), "tables": coverage})
        written.append(cov_path)
    _print_findings(findings, stream=sys.stderr, limit=20)
    print(f"finmodel: {len(report.facts)} facts, {len(findings)} findings -> {outdir}", file=sys.stderr)
    return EXIT_FINDINGS if pipeline.has_errors(findings) else EXIT_OK


def _extract(args) -> int:
    from . import pipeline
    from .files import write_atomically
    from .render import render_json

    pipeline.detect(args.input)
    taxonomy = _taxonomy(args)
    report = pipeline.read(args.input, taxonomy=taxonomy, cik=args.cik)
    write_atomically({Path(args.output): render_json(report, taxonomy)})
    return EXIT_OK


def _print_findings(findings, stream, limit: int | None = None) -> None:
    shown = findings if limit is None else findings[:limit]
    for finding in shown:
        print(finding.format(), file=stream)
    if limit is not None and len(findings) > limit:
        print(f"... and {len(findings) - limit} more findings (see the findings file)", file=stream)


def _validate(args) -> int:
    from . import pipeline

    pipeline.detect(args.file)
    taxonomy = _taxonomy(args)
    report = pipeline.read(args.file, taxonomy=taxonomy, cik=args.cik)
    findings = pipeline.validate(report, taxonomy=taxonomy)
    if args.json:
        from .render import findings_json

        sys.stdout.write(findings_json(findings).decode("utf-8"))
    else:
        _print_findings(findings, stream=sys.stdout)
    return EXIT_FINDINGS if pipeline.has_errors(findings) else EXIT_OK


def _render(args) -> int:
    from . import pipeline
    from .files import write_atomically
    from .render import render_json, render_markdown, render_xbrl

    kind = pipeline.detect(args.file)
    taxonomy = _taxonomy(args)
    if kind not in pipeline.MODEL_KINDS:
        raise InputError(args.file, f"render takes an XBRL instance or xBRL-JSON, not a {kind} filing (use convert)")
    report = pipeline.read(args.file, taxonomy=taxonomy)
    out = Path(args.output)
    if args.to == "json":
        files = {out: render_json(report, taxonomy)}
    elif args.to == "md":
        files = {out: render_markdown(report, taxonomy, pipeline.validate(report, taxonomy=taxonomy))}
    else:
        rendered = render_xbrl(report, taxonomy)
        files = {}
        for name, content in rendered.items():
            target = out if name.endswith(".xml") and not name.endswith(("_lab.xml", "_cal.xml", "_pre.xml", "_def.xml")) else out.parent / name
            files[target] = content
    write_atomically(files)
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (also used as the process exit status)."""
    args = _parser().parse_args(argv)
    handler = {"convert": _convert, "extract": _extract, "validate": _validate, "render": _render}[args.command]
    # One command is one short pass over one document. The cyclic garbage collector would
    # re-scan the growing heap of model records (immutable, built bottom-up, so freed by
    # reference counting alone) ~160 times per release: 60-70 ms of a ~0.9 s run, for a peak
    # RSS a few MiB higher (50 -> 56 MiB on a 1 MB release, 131 -> 132 MiB on a 20,000-fact
    # instance; docs/performance.md). It is switched back on for callers that run several
    # commands in one process.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return handler(args)
    except InputError as exc:
        print(f"finmodel: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug: still one line, unless asked for the traceback
        if os.environ.get("FINMODEL_DEBUG"):
            raise
        where = getattr(args, "input", None) or getattr(args, "file", "")
        print(f"finmodel: internal error on {where}: {type(exc).__name__}: {' '.join(str(exc).split())} "
              "(set FINMODEL_DEBUG=1 for the traceback)", file=sys.stderr)
        return EXIT_BAD_INPUT
    finally:
        if collecting:
            gc.enable()


if __name__ == "__main__":
    sys.exit(main())
