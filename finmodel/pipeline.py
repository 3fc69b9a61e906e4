"""The pipeline: any supported input -> Report, Report -> findings, Report -> files.

Input kinds are detected from content: EDGAR HTML and text filings go through
read -> extract -> map; XBRL instances and xBRL-JSON go through load. This module
only wires the stages together; each stage lives in its own module.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, Sequence

import attrs

from .document import Document
from .errors import InputError
from .model import DocumentInfo, Finding, Report
from .readings import Reading

FILING_KINDS = ("text", "html")
MODEL_KINDS = ("xbrl", "xbrl-json")


def read_bytes(path: str | Path) -> bytes:
    """The file's bytes; InputError (one line, naming the file) when it cannot be read."""
    path = Path(path)
    try:
        if path.is_dir():
            raise InputError(str(path), "is a directory, not a file")
        return path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), exc.strerror or str(exc)) from None


def detect(path: str | Path, data: bytes | None = None) -> str:
    """The input kind of a file from its content: "html", "text", "xbrl" or "xbrl-json".
    Raises InputError for empty or binary files."""
    from .reading import sniff

    data = read_bytes(path) if data is None else data
    if not data.strip():
        raise InputError(str(path), "empty file")
    kind = sniff(data)
    if kind == "binary":
        raise InputError(str(path), "binary data, not a filing or XBRL document", "1")
    return kind


def load_taxonomy(path: str | Path | None = None):
    """The taxonomy to map and validate against: the bundled package, or `path`."""
    from .taxonomy import load_taxonomy as _load

    return _load(path)


@attrs.frozen
class Conversion:
    """Everything a filing conversion produced: the document as read, the readings, the report."""

    document: Document
    readings: tuple[Reading, ...]
    report: Report


def convert_filing_detail(path: str | Path, *, taxonomy=None, cik: str | None = None, data: bytes | None = None) -> Conversion:
    """Read a filing (text or HTML), extract readings and map them into a Report.
    Extraction and mapping findings travel on `report.findings`; only unreadable input
    raises InputError."""
    from .extract import extract
    from .mapping import map_readings
    from .reading import read_document

    data = read_bytes(path) if data is None else data
    taxonomy = taxonomy if taxonomy is not None else load_taxonomy()
    document = read_document(path, data)
    extracted = extract(document)
    info = DocumentInfo(source=str(path), kind=document.kind, title=Path(path).name)
    mapped = map_readings(extracted.value, taxonomy, document=info, cik=cik)
    report: Report = mapped.value
    findings = tuple(extracted.findings) + tuple(report.findings) + tuple(mapped.findings)
    return Conversion(document, tuple(extracted.value), attrs.evolve(report, findings=_unique(findings)))


def _unique(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    seen: dict[Finding, None] = {}
    for finding in findings:
        seen.setdefault(finding, None)
    return tuple(seen)


def convert_filing(path: str | Path, *, taxonomy=None, cik: str | None = None, data: bytes | None = None) -> Report:
    """Read a filing (text or HTML) and map it into a Report (see convert_filing_detail)."""
    return convert_filing_detail(path, taxonomy=taxonomy, cik=cik, data=data).report


def read(path: str | Path, *, taxonomy=None, cik: str | None = None) -> Report:
    """Any supported input -> Report. Filings are extracted and mapped; XBRL instances and
    xBRL-JSON are loaded. Raises InputError (one line, file and place) for unreadable input."""
    data = read_bytes(path)
    kind = detect(path, data)
    if kind in FILING_KINDS:
        return convert_filing(path, taxonomy=taxonomy, cik=cik, data=data)
    from .load import load

    return load(path, data=data, taxonomy=taxonomy)


def validate(report: Report, *, taxonomy=None) -> tuple[Finding, ...]:
    """All findings about the report: those of the stages that built it, then those of
    every registered validation rule."""
    try:
        from .validation import validate as _validate
    except ImportError:  # validation rules not installed yet
        return tuple(report.findings)
    return tuple(_validate(report, taxonomy=taxonomy))


def write(
    report: Report,
    outdir: str | Path,
    *,
    stem: str | None = None,
    formats: Sequence[str] = ("xbrl", "json", "md"),
    taxonomy=None,
    findings: Iterable[Finding] = (),
) -> list[Path]:
    """Render the report in `formats` into `outdir`; every file is written to a temporary
    file first and renamed, so a failure leaves no half-written output."""
    from .render import write as _write

    return _write(report, outdir, stem=stem, formats=tuple(formats), taxonomy=taxonomy, findings=tuple(findings))


def has_errors(findings: Iterable[Finding]) -> bool:
    """True when any finding is error-level."""
    return any(f.severity == "error" for f in findings)
