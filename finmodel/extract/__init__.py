"""The extract stage: `Document` -> readings (numbers and texts located and understood).

Input: a `finmodel.document.Document` from the read stage. Output: `Result` whose
value is a tuple of `finmodel.readings.Reading`, in document order: the table
readings (`tables.extract_tables`), then the cover page items (`cover.extract_cover`)
and the numbers in prose and guidance (`narrative.extract_narrative`) when those
modules are installed. Findings of all three travel on the result. A crash inside
one part becomes an `FM-INTERNAL` finding; the other parts still run.
"""

from __future__ import annotations

from ..document import Document
from ..model import Finding, Provenance, Result
from .periods import document_dates
from .tables import extract_tables

__all__ = ["extract", "extract_tables", "document_dates"]


def _internal(document: Document, part: str, exc: Exception) -> Finding:
    return Finding("FM-INTERNAL", "error", f"{part}: {type(exc).__name__}: {exc}",
                   location=Provenance(document.source))


def extract(document: Document) -> Result:
    """All readings of `document`: tables, cover page, narrative.

    Guarantees: never raises for bad data; every numeric token of every financial
    table is a Reading (with a value, or with `problem` set); findings of every part
    are returned."""
    findings: list[Finding] = []
    readings: list = []
    try:
        tables = extract_tables(document)
        readings.extend(tables.value)
        findings.extend(tables.findings)
    except Exception as exc:  # noqa: BLE001 - a crashing rule becomes a finding
        findings.append(_internal(document, "tables", exc))
        tables = Result(())
    try:
        from .cover import extract_cover
    except ImportError:
        extract_cover = None
    if extract_cover is not None:
        try:
            cover = extract_cover(document)
            readings.extend(cover.value)
            findings.extend(cover.findings)
        except Exception as exc:  # noqa: BLE001
            findings.append(_internal(document, "cover", exc))
    try:
        from .narrative import extract_narrative
    except ImportError:
        extract_narrative = None
    if extract_narrative is not None:
        try:
            narrative = extract_narrative(document, tuple(tables.value))
            readings.extend(narrative.value)
            findings.extend(narrative.findings)
        except Exception as exc:  # noqa: BLE001
            findings.append(_internal(document, "narrative", exc))
    return Result(tuple(readings), tuple(findings))
