"""Score finmodel's extraction against hand-written gold files.

Input: gold files (tests/gold/*.tsv, format in tests/gold/README.md) and the documents
they describe (found by file stem under the shared data folder). Output: a table per
document on stdout (or JSON with `--json`): gold facts, emitted numeric facts, recall
of value+period, recall with the concept too, precision, and damaged values emitted.

    python benchmarks/accuracy.py [GOLD_OR_DOC ...] [--json] [--verbose]

The scoring itself is `score(gold_path, report) -> dict`, which tests import; it needs
nothing from finmodel except the report's facts. The pipeline
(`finmodel.pipeline.convert_filing`) is imported only when the command line runs it.

Matching rules (see tests/gold/README.md):
- value+period: same period, same unit, equal value (Decimal equality; text values
  compared with case and whitespace folded), and the same dimension members (axes are
  not compared here: choosing the axis is part of tagging, scored with the concept);
- concept: additionally the concept is one of the gold alternatives and every
  dimension's axis matches too. `ext:` names match loosely: case-insensitive,
  non-alphanumerics ignored, a trailing `Member`/`Axis` dropped, and either name may
  contain the other. Emitted names are classified by namespace, so an extension
  concept `lpsn:AdjustedEbitda` counts as `ext:AdjustedEbitda`;
- precision: emitted numeric facts matching some gold fact on value+period / emitted
  numeric facts;
- damaged: an emitted fact whose provenance line is a damaged row's line and whose raw
  text is the damaged token (equal once spaces and currency-like marks are dropped, or one
  of its whitespace-separated tokens).

A gold row repeating an earlier one exactly is read once; see `read_gold`.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import re
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterable

COLUMNS = ("concept", "period", "unit", "value", "decimals", "dimensions", "source", "note")
DAMAGED_COLUMNS = ("source", "raw", "reason")
PREFIXES = ("us-gaap", "dei", "srt", "ext")

_NAME = r"[A-Za-z_][A-Za-z0-9_]*"
_QNAME = re.compile(rf"^({'|'.join(PREFIXES)}):({_NAME})$")
_DATE = r"\d{4}-\d{2}-\d{2}"
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_UNIT = re.compile(r"^(?:[A-Z]{3}(?:/shares)?|shares|pure)$")
_LINE = re.compile(r"\bline\s+(\d+)\b", re.IGNORECASE)

REPO_ROOT = Path(__file__).resolve().parent.parent
GOLD_DIR = REPO_ROOT / "tests" / "gold"


def data_roots() -> list[Path]:
    """The shared data folders that exist: `<repo>/../shared/data`, then `/work/shared/data`."""
    roots = []
    for root in (REPO_ROOT.parent / "shared" / "data", Path("/work/shared/data")):
        root = root.resolve()
        if root.is_dir() and root not in roots:
            roots.append(root)
    return roots


# --------------------------------------------------------------------------- gold files


class GoldError(ValueError):
    """A gold file that does not follow the format; `problems` lists `path:line: message`."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


class GoldFact:
    """One row of a gold file, parsed. `value` is a Decimal for numeric rows (unit set)
    and a str otherwise; `period` is "start/end", "date" or "" (any period, text rows only);
    `dimensions` is a tuple of (axis, member) prefixed names."""

    __slots__ = ("concepts", "period", "unit", "value", "decimals", "dimensions", "source", "note", "line")

    def __init__(self, concepts, period, unit, value, decimals, dimensions, source, note, line):
        self.concepts: tuple[str, ...] = concepts
        self.period: str = period
        self.unit: str = unit
        self.value: Decimal | str = value
        self.decimals: str = decimals
        self.dimensions: tuple[tuple[str, str], ...] = dimensions
        self.source: str = source
        self.note: str = note
        self.line: int = line

    @property
    def is_numeric(self) -> bool:
        return bool(self.unit)

    def describe(self) -> str:
        dims = ";".join(f"{a}={m}" for a, m in self.dimensions)
        return (f"{'|'.join(self.concepts)} {self.period or '*'} {self.unit or '-'} {self.value}"
                + (f" [{dims}]" if dims else "") + (f"  ({self.source})" if self.source else ""))


def _check_period(text: str) -> str | None:
    """None when `text` is a valid period string, else the problem."""
    if re.fullmatch(_DATE, text):
        dates = [text]
    elif re.fullmatch(rf"{_DATE}/{_DATE}", text):
        dates = text.split("/")
    else:
        return f"period {text!r} is neither YYYY-MM-DD nor YYYY-MM-DD/YYYY-MM-DD"
    try:
        parsed = [_dt.date.fromisoformat(d) for d in dates]
    except ValueError as exc:
        return f"period {text!r}: {exc}"
    if len(parsed) == 2 and parsed[1] < parsed[0]:
        return f"period {text!r} ends before it starts"
    return None


def parse_dimensions(text: str) -> tuple[tuple[str, str], ...]:
    """`axis=member;axis=member` -> sorted pairs; raises ValueError on bad syntax."""
    if not text.strip():
        return ()
    pairs = []
    for part in text.split(";"):
        if part.count("=") != 1:
            raise ValueError(f"dimension {part!r} is not axis=member")
        axis, member = (p.strip() for p in part.split("="))
        for name, suffix in ((axis, "Axis"), (member, "Member")):
            if not _QNAME.match(name):
                raise ValueError(f"dimension name {name!r} is not prefix:Name with prefix in {PREFIXES}")
            if not name.endswith(suffix):
                raise ValueError(f"dimension name {name!r} should end with {suffix!r}")
        pairs.append((axis, member))
    axes = [a for a, _ in pairs]
    if len(set(axes)) != len(axes):
        raise ValueError(f"an axis appears twice in {text!r}")
    return tuple(sorted(pairs))


def read_gold(path: str | Path) -> tuple[list[GoldFact], list[str]]:
    """Parse a gold TSV. Returns the rows that parsed and the problems found
    (`path:line: message`); a file is valid when the problem list is empty."""
    path = Path(path)
    facts: list[GoldFact] = []
    problems: list[str] = []
    seen: dict[tuple, list[tuple]] = {}
    header_seen = False
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        fields = raw.split("\t")
        if not header_seen:
            header_seen = True
            if tuple(f.strip() for f in fields) != COLUMNS:
                problems.append(f"{path}:{number}: header must be {' '.join(COLUMNS)} (tab-separated)")
            continue
        where = f"{path}:{number}"
        if len(fields) > len(COLUMNS):
            problems.append(f"{where}: {len(fields)} fields, at most {len(COLUMNS)}")
            continue
        if len(fields) < 6:
            problems.append(f"{where}: {len(fields)} fields, need at least 6")
            continue
        fields = [f.strip() for f in fields] + [""] * (len(COLUMNS) - len(fields))
        concept, period, unit, value, decimals, dimensions, source, note = fields
        row_problems = []
        concepts = tuple(c.strip() for c in concept.split("|"))
        for c in concepts:
            if not _QNAME.match(c):
                row_problems.append(f"concept {c!r} is not prefix:Name with prefix in {PREFIXES}")
        if unit:
            if not _UNIT.match(unit):
                row_problems.append(f"unit {unit!r} is not USD, shares, USD/shares, pure or another ISO currency")
            if not _NUMBER.match(value):
                row_problems.append(f"numeric value {value!r} is not a plain decimal")
            if not re.fullmatch(r"-?\d+|INF", decimals):
                row_problems.append(f"decimals {decimals!r} must be an integer or INF for a numeric fact")
            if not period:
                row_problems.append("a numeric fact needs a period")
        else:
            if not value:
                row_problems.append("a text fact needs a value")
            if decimals:
                row_problems.append("a text fact (no unit) has no decimals")
        if period:
            problem = _check_period(period)
            if problem:
                row_problems.append(problem)
        try:
            dims = parse_dimensions(dimensions)
        except ValueError as exc:
            row_problems.append(str(exc))
            dims = ()
        if row_problems:
            problems.extend(f"{where}: {p}" for p in row_problems)
            continue
        parsed_value: Decimal | str = Decimal(value) if unit else value
        # One fact may be listed at several precisions (a narrative "$45.2 million" beside the
        # table's 45,192 thousand). A row repeating an earlier one (the same number printed in
        # two places) is kept out of the facts; two values at one precision contradict each other.
        key = (frozenset(concepts), period, unit, dims)
        earlier = seen.get(key, [])
        if any(v == parsed_value and d == decimals for (v, d, _) in earlier):
            continue
        clash = [line for (v, d, line) in earlier if d == decimals]
        if clash:
            problems.append(f"{where}: another value for the same concept, period, unit, dimensions and "
                            f"precision as line {clash[0]}")
            continue
        seen.setdefault(key, []).append((parsed_value, decimals, number))
        facts.append(GoldFact(concepts, period, unit, parsed_value, decimals, dims, source, note, number))
    if not header_seen:
        problems.append(f"{path}: no header line")
    return facts, problems


def load_gold(path: str | Path) -> list[GoldFact]:
    """The facts of a valid gold file; raises GoldError listing every problem otherwise."""
    facts, problems = read_gold(path)
    if problems:
        raise GoldError(problems)
    return facts


def read_damaged(path: str | Path) -> tuple[list[dict[str, Any]], list[str]]:
    """Parse a `.damaged.tsv` (source, raw, reason). Each row gets `line` (int or None)
    from a `line N` in its source. Returns rows and problems."""
    path = Path(path)
    rows: list[dict[str, Any]] = []
    problems: list[str] = []
    header_seen = False
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        fields = [f.strip() for f in raw.split("\t")]
        if not header_seen:
            header_seen = True
            if tuple(fields) != DAMAGED_COLUMNS:
                problems.append(f"{path}:{number}: header must be {' '.join(DAMAGED_COLUMNS)} (tab-separated)")
            continue
        if len(fields) != 3 or not fields[1]:
            problems.append(f"{path}:{number}: need source, raw and reason")
            continue
        m = _LINE.search(fields[0])
        if not m:
            problems.append(f"{path}:{number}: source {fields[0]!r} names no 'line N'")
        rows.append({"source": fields[0], "raw": fields[1], "reason": fields[2],
                     "line": int(m.group(1)) if m else None, "gold_line": number})
    return rows, problems


def damaged_path_for(gold_path: str | Path) -> Path:
    """`x.tsv` -> `x.damaged.tsv` (which may not exist)."""
    gold_path = Path(gold_path)
    return gold_path.with_name(gold_path.name[: -len(".tsv")] + ".damaged.tsv")


# --------------------------------------------------------------------------- emitted facts


def _prefix_of(namespace: str) -> str:
    if namespace.startswith("http://fasb.org/us-gaap/"):
        return "us-gaap"
    if namespace.startswith("http://fasb.org/srt/"):
        return "srt"
    if namespace.startswith("http://xbrl.sec.gov/dei/"):
        return "dei"
    return "ext"


def _name(qn) -> str:
    """A QName as `prefix:local` with the prefix chosen by namespace (ext for companies)."""
    return f"{_prefix_of(qn.namespace)}:{qn.local_name}"


def _period_text(period) -> str:
    if hasattr(period, "start") and hasattr(period, "end"):
        return f"{period.start.isoformat()}/{period.end.isoformat()}"
    if hasattr(period, "date"):
        return period.date.isoformat()
    return "forever"


def _unit_text(unit) -> str:
    if unit is None:
        return ""
    text = "*".join(m.local_name for m in unit.numerators)
    if unit.denominators:
        text += "/" + "*".join(m.local_name for m in unit.denominators)
    return text


def _text_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()[:10]
    return " ".join(str(value).split()).casefold()


class _Emitted:
    __slots__ = ("fact", "concept", "period", "unit", "value", "dimensions", "numeric")

    def __init__(self, fact) -> None:
        self.fact = fact
        self.concept = _name(fact.concept)
        self.period = _period_text(fact.context.period)
        self.unit = _unit_text(fact.unit)
        self.numeric = fact.unit is not None
        self.value = fact.value if self.numeric else _text_value(fact.value)
        self.dimensions = tuple(sorted((_name(a), _name(m)) for a, m in fact.context.dimensions))

    def describe(self) -> str:
        dims = ";".join(f"{a}={m}" for a, m in self.dimensions)
        prov = getattr(self.fact, "provenance", None)
        where = ""
        if prov is not None:
            where = f"  ({prov.place()}" + (f" {prov.text!r}" if prov.text else "") + ")"
        return (f"{self.fact.concept.prefixed} {self.period} {self.unit or '-'} {self.value}"
                + (f" [{dims}]" if dims else "") + where)


def _loose(name: str) -> str:
    local = name.split(":", 1)[-1]
    norm = re.sub(r"[^a-z0-9]", "", local.lower())
    for suffix in ("member", "axis"):
        if norm.endswith(suffix) and len(norm) > len(suffix):
            norm = norm[: -len(suffix)]
    return norm


def _loose_equal(a: str, b: str) -> bool:
    la, lb = _loose(a), _loose(b)
    return bool(la and lb) and (la in lb or lb in la)


def name_matches(gold_name: str, emitted_name: str) -> bool:
    """Gold `prefix:Name` against an emitted name (prefix chosen by namespace):
    standard names exactly, `ext:` names loosely."""
    if gold_name.startswith("ext:"):
        return emitted_name.startswith("ext:") and _loose_equal(gold_name, emitted_name)
    return gold_name == emitted_name


def _member_matches(gold_member: str, emitted_member: str) -> bool:
    """Value+period level: a member is the same breakdown if the names match, or loosely
    when either side is an extension member (a company may use its own member for a
    standard one)."""
    if name_matches(gold_member, emitted_member):
        return True
    if gold_member.startswith("ext:") or emitted_member.startswith("ext:"):
        return _loose_equal(gold_member, emitted_member)
    return False


def _dims_match(gold: tuple, emitted: tuple, strict: bool) -> bool:
    if len(gold) != len(emitted):
        return False
    remaining = list(emitted)
    for axis, member in gold:
        for i, (e_axis, e_member) in enumerate(remaining):
            ok = name_matches(member, e_member) and name_matches(axis, e_axis) if strict \
                else _member_matches(member, e_member)
            if ok:
                del remaining[i]
                break
        else:
            return False
    return True


def _value_period_match(g: GoldFact, e: _Emitted) -> bool:
    if g.is_numeric != e.numeric or g.unit != e.unit:
        return False
    if g.period and g.period != e.period:
        return False
    if g.is_numeric:
        if not isinstance(e.value, Decimal) or e.value != g.value:
            return False
    elif _text_value(g.value) != e.value:
        return False
    return _dims_match(g.dimensions, e.dimensions, strict=False)


def _concept_match(g: GoldFact, e: _Emitted) -> bool:
    return any(name_matches(c, e.concept) for c in g.concepts) and _dims_match(g.dimensions, e.dimensions, strict=True)


def _norm_raw(text: str) -> str:
    return re.sub(r"[\s$\\Ψ¢•·€£]", "", text or "")


def _damaged_text(raw: str, text: str) -> bool:
    """True when an emitted fact's raw `text` is the damaged `raw` token: equal once spaces
    and currency-like marks are dropped, or one of its whitespace-separated tokens."""
    target = _norm_raw(raw)
    if not target or not text:
        return False
    return _norm_raw(text) == target or target in {_norm_raw(t) for t in text.split()}


# --------------------------------------------------------------------------- scoring


def _ratio(num: int, den: int) -> float | None:
    return None if den == 0 else num / den


def score(gold_path: str | Path, report, damaged_path: str | Path | None = None) -> dict[str, Any]:
    """Score `report` (anything with `.facts` of finmodel.model.Fact) against a gold file.

    Returns a dict: document, gold_facts, gold_numeric, emitted_numeric, found_value_period,
    found_concept, recall_value_period, recall_concept, precision (floats in [0, 1] or
    None when the denominator is 0), true_emitted, damaged_listed, damaged_emitted (list of
    descriptions), unmatched_gold, wrong_concept (found by value+period but not concept) and
    unmatched_emitted (lists of descriptions). The damaged file defaults to the gold file's
    `.damaged.tsv` sibling when it exists. Raises GoldError for an invalid gold file.
    """
    gold = load_gold(gold_path)
    if damaged_path is None:
        candidate = damaged_path_for(gold_path)
        damaged_path = candidate if candidate.exists() else None
    damaged: list[dict[str, Any]] = []
    if damaged_path is not None:
        damaged, problems = read_damaged(damaged_path)
        if problems:
            raise GoldError(problems)

    emitted = [_Emitted(f) for f in report.facts if f.value is not None]
    numeric = [e for e in emitted if e.numeric]
    by_value: dict[tuple, list[_Emitted]] = {}
    for e in emitted:
        key = (e.unit, e.value)
        by_value.setdefault(key, []).append(e)

    found_vp = found_c = 0
    unmatched_gold: list[str] = []
    wrong_concept: list[str] = []
    for g in gold:
        candidates = [e for e in by_value.get((g.unit, g.value if g.is_numeric else _text_value(g.value)), [])
                      if _value_period_match(g, e)]
        if not candidates:
            unmatched_gold.append(g.describe())
            continue
        found_vp += 1
        if any(_concept_match(g, e) for e in candidates):
            found_c += 1
        else:
            wrong_concept.append(g.describe() + "  <- emitted as " + ", ".join(sorted({e.concept for e in candidates})))

    gold_numeric = [g for g in gold if g.is_numeric]
    gold_by_value: dict[tuple, list[GoldFact]] = {}
    for g in gold_numeric:
        gold_by_value.setdefault((g.unit, g.value), []).append(g)
    true_emitted = 0
    unmatched_emitted: list[str] = []
    for e in numeric:
        if any(_value_period_match(g, e) for g in gold_by_value.get((e.unit, e.value), [])):
            true_emitted += 1
        else:
            unmatched_emitted.append(e.describe())

    damaged_emitted: list[str] = []
    for row in damaged:
        for e in emitted:
            prov = getattr(e.fact, "provenance", None)
            if prov is None or row["line"] is None or prov.line != row["line"]:
                continue
            if _damaged_text(row["raw"], prov.text):
                damaged_emitted.append(f"{row['source']} {row['raw']!r}: {e.describe()}")

    gold_path = Path(gold_path)
    return {
        "document": gold_path.name[: -len(".tsv")] if gold_path.name.endswith(".tsv") else gold_path.name,
        "gold_facts": len(gold),
        "gold_numeric": len(gold_numeric),
        "emitted_numeric": len(numeric),
        "found_value_period": found_vp,
        "found_concept": found_c,
        "recall_value_period": _ratio(found_vp, len(gold)),
        "recall_concept": _ratio(found_c, len(gold)),
        "true_emitted": true_emitted,
        "precision": _ratio(true_emitted, len(numeric)),
        "damaged_listed": len(damaged),
        "damaged_emitted": damaged_emitted,
        "unmatched_gold": unmatched_gold,
        "wrong_concept": wrong_concept,
        "unmatched_emitted": unmatched_emitted,
    }


# --------------------------------------------------------------------------- command line


def gold_files() -> list[Path]:
    """Every gold file in tests/gold (not the `.damaged.tsv` companions)."""
    return sorted(p for p in GOLD_DIR.glob("*.tsv") if not p.name.endswith(".damaged.tsv"))


def _declared_document(gold_path: Path) -> str | None:
    for line in gold_path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^\s*#\s*document\s*:\s*(\S+)", line)
        if m:
            return m.group(1)
    return None


def find_document(gold_path: str | Path) -> Path:
    """The document a gold file describes: a `# document: dev/x.htm` comment, else the file
    under the shared data folder whose name minus extension is the gold file's stem.
    Raises FileNotFoundError."""
    gold_path = Path(gold_path)
    stem = gold_path.name[: -len(".tsv")]
    declared = _declared_document(gold_path)
    for root in data_roots():
        if declared and (root / declared).is_file():
            return root / declared
        for candidate in sorted(root.rglob(stem + ".*")):
            if candidate.is_file() and candidate.name.split(".", 1)[0] == stem.split(".", 1)[0] \
                    and candidate.suffix != ".tsv":
                return candidate
    raise FileNotFoundError(f"no document for {gold_path.name} under {[str(r) for r in data_roots()]}")


def find_gold(document: str | Path) -> Path:
    """The gold file for a document path (tests/gold/<stem>.tsv). Raises FileNotFoundError."""
    stem = Path(document).name.split(".", 1)[0]
    path = GOLD_DIR / f"{stem}.tsv"
    if not path.is_file():
        raise FileNotFoundError(f"no gold file {path} for {document}")
    return path


def _convert(document: Path):
    if str(REPO_ROOT) not in sys.path:
        sys.path.insert(0, str(REPO_ROOT))
    try:
        from finmodel.pipeline import convert_filing  # noqa: PLC0415 (imported lazily on purpose)
    except ImportError as exc:
        raise SystemExit(f"accuracy: finmodel.pipeline.convert_filing is not available ({exc}); "
                         "run from the repository with finmodel importable") from exc
    return convert_filing(str(document))


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.1f}%"


def format_table(results: Iterable[dict[str, Any]]) -> str:
    """A plain-text table, one line per document."""
    head = ("document", "gold", "emitted", "recall v+p", "recall concept", "precision", "damaged emitted")
    rows = [head]
    for r in results:
        rows.append((r["document"], str(r["gold_facts"]), str(r["emitted_numeric"]),
                     f"{_pct(r['recall_value_period'])} ({r['found_value_period']})",
                     f"{_pct(r['recall_concept'])} ({r['found_concept']})",
                     f"{_pct(r['precision'])} ({r['true_emitted']})",
                     f"{len(r['damaged_emitted'])}/{r['damaged_listed']}"))
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    lines = ["  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths)))
             for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command line entry point; returns the exit status (0, or 2 for bad input)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", metavar="GOLD_OR_DOC",
                        help="gold .tsv files or documents (default: every gold file in tests/gold)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--verbose", "-v", action="store_true", help="list unmatched gold and emitted facts")
    args = parser.parse_args(argv)

    pairs: list[tuple[Path, Path]] = []
    try:
        for p in args.paths or [str(g) for g in gold_files()]:
            path = Path(p)
            if path.name.endswith(".tsv"):
                pairs.append((path, find_document(path)))
            else:
                pairs.append((find_gold(path), path))
    except FileNotFoundError as exc:
        print(f"accuracy: {exc}", file=sys.stderr)
        return 2

    results = []
    for gold_path, document in pairs:
        try:
            result = score(gold_path, _convert(document))
        except GoldError as exc:
            print(f"accuracy: invalid gold file:\n{exc}", file=sys.stderr)
            return 2
        result["source"] = str(document)
        results.append(result)

    if args.json:
        if not args.verbose:
            for r in results:
                for key in ("unmatched_gold", "wrong_concept", "unmatched_emitted"):
                    r[key] = len(r[key])
        print(json.dumps(results, indent=2))
        return 0
    print(format_table(results))
    for r in results:
        if r["damaged_emitted"]:
            print(f"\n{r['document']}: damaged values emitted")
            print("\n".join("  " + d for d in r["damaged_emitted"]))
        if args.verbose:
            for key, title in (("unmatched_gold", "gold facts not found"),
                               ("wrong_concept", "found with another concept"),
                               ("unmatched_emitted", "emitted facts not in the gold")):
                if r[key]:
                    print(f"\n{r['document']}: {title} ({len(r[key])})")
                    print("\n".join("  " + d for d in r[key]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
