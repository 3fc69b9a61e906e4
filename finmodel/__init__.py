"""finmodel: read financial filings and XBRL, map every number to a concept taxonomy,
validate, and render XBRL 2.1, xBRL-JSON and summaries.

    report = finmodel.read("filing.htm")        # any supported input -> Report
    findings = finmodel.validate(report)        # tuple of Finding
    finmodel.write(report, "out/", formats=["xbrl", "json", "md"])
"""

from .errors import InputError
from .model import (
    INF, Concept, Context, Duration, Entity, Fact, Finding, Forever, Instant, Provenance,
    QName, Report, Unit,
)
from .pipeline import read, validate, write

__version__ = "0.1.0"

__all__ = [
    "INF", "Concept", "Context", "Duration", "Entity", "Fact", "Finding", "Forever", "Instant",
    "InputError", "Provenance", "QName", "Report", "Unit", "read", "validate", "write",
]
