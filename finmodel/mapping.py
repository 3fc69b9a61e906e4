"""The map stage: readings -> a `Report` of facts tied to concepts.

Input: readings from `finmodel.extract` and a taxonomy. Output: `Result(value=Report,
findings)`.

A reading's label (normalized), section path, source kind and unit kind choose a
concept through data, not code: `taxonomy/mapping/labels.tsv` lists, per concept,
the label variants, the kinds of table they apply in, a section hint (current vs
non-current), the unit, the sign convention and a confidence; the taxonomy's own
standard labels are the fallback. `taxonomy/mapping/members.tsv` turns breakdown
hints into axis members. Every choice records its rule and confidence
(`choose_concept`), so the coverage report can show why a cell became a fact or not.

Company measures US-GAAP lacks (adjusted EBITDA, non-GAAP figures, bookings) become
extension concepts named from their normalized label, so the same measure gets the
same name in every release of a company. Readings that cannot be mapped with enough
confidence are not emitted: each becomes an `FM-MAP-UNMAPPED` finding with the reason.
Duplicate facts that agree are kept; duplicates that disagree keep only the one from
the better source (the primary statements over reconciliations and prose), with an
`FM-MAP-DUPLICATE` finding, or neither when the sources rank the same.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import functools
import re
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Iterable, Sequence

import attrs

from .model import (
    INF, UNIT_PURE, UNIT_SHARES, UNIT_USD_PER_SHARE, XBRLI, Concept, Context, DocumentInfo, Duration, Entity,
    Extension, Fact, Finding, Instant, Network, Provenance, QName, Relationship, Report, Result, SEC_CIK_SCHEME,
    Unit, iso4217, simple_unit, LABEL_ROLE,
)
from .readings import Reading

US_GAAP_NS = "http://fasb.org/us-gaap/2024"
DEI_NS = "http://xbrl.sec.gov/dei/2024"
SRT_NS = "http://fasb.org/srt/2024"
try:  # the taxonomy module names the namespaces it loads; fall back to the 2024 ones
    from .taxonomy import DEI_NS, SRT_NS, US_GAAP_NS  # type: ignore  # noqa: F811
except Exception:  # noqa: BLE001
    pass

PREFIXES = {"us-gaap": US_GAAP_NS, "dei": DEI_NS, "srt": SRT_NS}
DEFAULT_ENTRY_POINTS = (
    "https://xbrl.fasb.org/us-gaap/2024/elts/us-gaap-2024.xsd",
    "https://xbrl.sec.gov/dei/2024/dei-2024.xsd",
    "https://xbrl.fasb.org/srt/2024/elts/srt-2024.xsd",
)
FALLBACK_SCHEME = "http://finmodel.example/entity"
MIN_CONFIDENCE = 0.6

# Which sources speak with more authority when two facts disagree (lower is better).
SOURCE_RANK = {
    "income-statement": 0, "balance-sheet": 0, "cash-flow": 0, "segment": 1, "supplemental": 2,
    "reconciliation": 2, "cover": 0, "narrative": 3, "guidance": 3, "other": 3,
}
STATEMENT_KINDS = ("income-statement", "balance-sheet", "cash-flow", "reconciliation", "segment", "supplemental")

_GEOGRAPHY = re.compile(
    r"^(the )?(americas?|emea|europe|asia|asia[\s/-]pacific|apac|japan|china|united states|u\.?s\.?|international|"
    r"north america|latin america|south america|middle east|africa|canada|domestic|foreign|rest of (the )?world|"
    r"other countries|europe,? middle east (and|&) africa)\b", re.I)
_RATIO = re.compile(r"%|\bpercent(age)?\b|\bas a\b.*\bof\b|\bmargin\b|\bratio\b", re.I)
_REVENUE_WORDS = re.compile(r"\b(revenues?|sales)\b", re.I)
_COMPANY_MEASURE = re.compile(
    r"\badjusted\b|\badj\b|non[\s-]?gaap|\bebitda\b|\bebit\b|free cash flow|\bbookings\b|\bbillings\b|"
    r"annual recurring revenue|\barr\b|\bexcluding\b|pro forma|constant currency",
    re.I,
)


def _mapping_dir() -> Path:
    from .resources import taxonomy_dir

    return taxonomy_dir() / "mapping"


# --------------------------------------------------------------------------- rules


def normalize_label(label: str) -> str:
    """Lower-case words only: punctuation, parentheses, footnote markers and a leading
    "total" dropped; "&" read as "and" ("Total Revenues (1)" -> "revenues")."""
    s = label.replace("’", "'").replace("&", " and ")
    s = re.sub(r"\((\d{1,2}|[a-z])\)", " ", s)
    s = s.lower().replace("'", "")
    s = re.sub(r"[^a-z0-9]+", " ", s).strip()
    s = re.sub(r"^total\s+", "", s)
    return s


@attrs.frozen(slots=False)
class Rule:
    """One line of `labels.tsv`."""

    concept: str
    patterns: tuple[re.Pattern, ...]
    kinds: tuple[str, ...]
    section: str
    unit: str
    sign: str
    confidence: float
    line: int

    def fits(self, reading: Reading) -> bool:
        """The rule's kinds, unit and section hint allow this reading."""
        if self.kinds != ("*",) and reading.source_kind not in self.kinds:
            return False
        if self.unit not in ("*", reading.unit_kind):
            return False
        if self.section:
            path = " / ".join(reading.path).lower()
            neg = self.section.startswith("!")
            found = bool(re.search(self.section.lstrip("!"), path))
            if found == neg:
                return False
        return True

    def applies(self, norm: str, reading: Reading) -> bool:
        return any(p.fullmatch(norm) for p in self.patterns) and self.fits(reading)

    def applies_near(self, norm: str, reading: Reading) -> bool:
        """Like `applies`, for a label one or two letters off a literal variant."""
        for lit in self.literals:
            if abs(len(lit) - len(norm)) > 2 or lit[:1] != norm[:1]:
                continue
            sm = difflib.SequenceMatcher(None, lit, norm)
            if sm.real_quick_ratio() >= 0.95 and sm.quick_ratio() >= 0.95 and sm.ratio() >= 0.95:
                return self.fits(reading)
        return False

    @functools.cached_property
    def literals(self) -> tuple[str, ...]:
        return tuple(p.pattern for p in self.patterns if re.fullmatch(r"[a-z0-9 ]+", p.pattern))


@attrs.frozen
class MemberRule:
    hint: str
    patterns: tuple[re.Pattern, ...]
    axis: str
    member: str


def _rows(path: Path) -> Iterable[tuple[int, list[str]]]:
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        yield n, line.split("\t")


def _patterns(text: str) -> tuple[re.Pattern, ...]:
    return tuple(re.compile(p.strip()) for p in text.split(" ; ") if p.strip())


@functools.lru_cache(maxsize=4)
def load_rules(directory: str | None = None) -> tuple[tuple[Rule, ...], tuple[MemberRule, ...]]:
    """The label rules and member rules from `taxonomy/mapping/` (or `directory`)."""
    d = Path(directory) if directory else _mapping_dir()
    rules = []
    for n, f in _rows(d / "labels.tsv"):
        f += [""] * (7 - len(f))
        rules.append(Rule(f[0].strip(), _patterns(f[1]), tuple(k.strip() for k in f[2].split(",")) if f[2].strip() else ("*",),
                          f[3].strip(), f[4].strip() or "*", f[5].strip() or "as-shown", float(f[6] or 0.8), n))
    members = []
    for _n, f in _rows(d / "members.tsv"):
        members.append(MemberRule(f[0].strip(), _patterns(f[1]), f[2].strip(), f[3].strip()))
    return tuple(rules), tuple(members)


def _qname(prefixed: str, taxonomy=None) -> QName:
    prefix, local = prefixed.split(":", 1)
    ns = PREFIXES.get(prefix)
    if taxonomy is not None:
        ns = (getattr(taxonomy, "prefixes", None) or {}).get(prefix, ns)
    if ns is None:
        raise ValueError(f"unknown prefix {prefix!r}")
    return QName(ns, local, prefix)


def _taxonomy_concept(taxonomy, q: QName) -> Concept | None:
    if taxonomy is None:
        return None
    try:
        c = taxonomy.concept(q)
    except Exception:  # noqa: BLE001
        c = None
    if c is None:
        concepts = getattr(taxonomy, "concepts", None)
        if isinstance(concepts, dict):
            c = concepts.get(q)
    return c


@attrs.frozen
class Choice:
    """How one reading was mapped: the concept (or None), the rule that chose it, its
    confidence, the sign convention, and the reason when nothing was chosen."""

    concept: QName | None
    rule: str
    confidence: float
    sign: str = "as-shown"
    reason: str = ""
    extension_label: str | None = None
    dimensions: tuple[tuple[QName, QName], ...] = ()
    extension_members: tuple[tuple[QName, str], ...] = ()


def _standard_label_index(taxonomy) -> dict[str, QName]:
    out: dict[str, QName] = {}
    concepts = getattr(taxonomy, "concepts", None)
    if not isinstance(concepts, dict):
        return out
    for q, c in concepts.items():
        try:
            if c.abstract or not c.is_numeric:
                continue
            for _role, text in c.labels:
                out.setdefault(normalize_label(text), q)
        except Exception:  # noqa: BLE001
            continue
    return out


_std_cache: dict[int, dict[str, QName]] = {}


def _spaced(camel: str) -> str:
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", camel)


def _camel(label: str) -> str:
    label = label.replace("&", " and ")
    words = re.findall(r"[A-Za-z0-9]+", label.replace("’", "'").replace("'", ""))
    out = []
    for w in words:
        if w.isupper() and len(w) > 1:
            out.append(w)  # acronyms keep their case: EBITDA
        else:
            out.append(w[:1].upper() + w[1:].lower())
    name = "".join(out)
    if not name or not re.match(r"[A-Za-z_]", name):
        name = "M" + name
    return name[:200]


def extension_label(reading: Reading) -> str:
    """The label a company measure is declared with: the row label without footnote
    markers and enumerators, with "per share" kept."""
    label = re.sub(r"\((\d{1,2}|[a-z])\)", "", reading.label)
    return " ".join(label.split()).strip(" :")


def _member_for(hint: str, label: str, members: Sequence[MemberRule], taxonomy) -> tuple[QName, QName] | tuple[QName, str] | None:
    norm = normalize_label(label)
    for m in members:
        if m.hint == hint and any(p.fullmatch(norm) for p in m.patterns):
            return _qname(m.axis, taxonomy), _qname(m.member, taxonomy)
    return None


_AXIS_FOR_HINT = {
    "income-statement-location": "us-gaap:IncomeStatementLocationAxis",
    "segment": "us-gaap:StatementBusinessSegmentsAxis",
    "product": "srt:ProductOrServiceAxis",
    "product-or-service": "srt:ProductOrServiceAxis",
    "geography": "srt:StatementGeographicalAxis",
    "region": "srt:StatementGeographicalAxis",
}


def choose_concept(reading: Reading, taxonomy=None, *, rules=None) -> Choice:
    """Pick the concept for one reading (see `_choose`); memoized on what the choice depends on."""
    key = (reading.label, reading.path, reading.source_kind, reading.unit_kind, reading.dimensions,
           reading.is_total, reading.concept_hint, id(taxonomy), id(rules))
    hit = _choice_cache.get(key)
    if hit is None:
        hit = _choose(reading, taxonomy, rules=rules)
        if len(_choice_cache) > 20000:
            _choice_cache.clear()
        _choice_cache[key] = hit
    return hit


_choice_cache: dict = {}


def _choose(reading: Reading, taxonomy=None, *, rules=None) -> Choice:
    """Pick the concept for one reading (pure; the same reading always gets the same choice).

    Order: a `concept_hint` from extraction; the label rules (highest confidence wins,
    file order breaks ties); a product/service line under a revenue or cost section
    (the section's concept with a `srt:ProductOrServiceAxis` member); a company
    measure (extension concept); the taxonomy's standard labels."""
    label_rules, member_rules = rules or load_rules()
    norm = normalize_label(reading.label)
    if reading.concept_hint is not None:
        return Choice(reading.concept_hint, "hint from extraction", 0.95)
    if not norm:
        return Choice(None, "", 0.0, reason="the row has no label")
    dims: list[tuple[QName, QName]] = []
    ext_members: list[tuple[QName, str]] = []
    for hint, member_label in reading.dimensions:
        found = _member_for(hint, member_label, member_rules, taxonomy)
        if found is not None:
            dims.append(found)  # type: ignore[arg-type]
            continue
        if re.search(r"\b(january|february|march|april|may|june|july|august|september|october|november|december)\b",
                     member_label, re.I) or not re.search(r"[A-Za-z]", member_label):
            return Choice(None, "", 0.0, reason=f"{member_label!r} is not a member name")
        axis = _AXIS_FOR_HINT.get(hint)
        if axis is None or hint == "income-statement-location":
            return Choice(None, "", 0.0, reason=f"no member for {hint} {member_label!r}")
        ext_members.append((_qname(axis, taxonomy), member_label))
    candidates = [r for r in label_rules if r.applies(norm, reading)]
    fuzzy = False
    if not candidates and len(norm) >= 12:
        # OCR misspellings ("net cash prrovided by ..."): a near match of a literal variant
        near = [r for r in label_rules if r.applies_near(norm, reading)]
        if near:
            candidates, fuzzy = near, True
    if candidates:
        best = max(candidates, key=lambda r: (r.confidence, -r.line))
        conf = round(best.confidence * (0.9 if fuzzy else 1.0), 3)
        return Choice(_qname(best.concept, taxonomy), f"labels.tsv:{best.line}" + (" (near match)" if fuzzy else ""),
                      conf, best.sign, dimensions=tuple(dims), extension_members=tuple(ext_members))
    # a product or service line under a revenue or cost-of-revenue section
    if reading.path and not reading.is_total and reading.unit_kind == "monetary" and not reading.dimensions:
        section = reading.path[-1]
        snorm = normalize_label(section)
        section_reading = attrs.evolve(reading, label=section, path=reading.path[:-1])
        sec = [r for r in label_rules if r.applies(snorm, section_reading)
               and r.concept in ("us-gaap:Revenues", "us-gaap:CostOfRevenue")]
        if sec and not _COMPANY_MEASURE.search(reading.label):
            best = max(sec, key=lambda r: (r.confidence, -r.line))
            if _GEOGRAPHY.search(reading.label):
                return Choice(_qname(best.concept, taxonomy), f"labels.tsv:{best.line} + geographic member (section {section!r})",
                              0.7, best.sign, extension_members=((_qname("srt:StatementGeographicalAxis", taxonomy), reading.label),))
            found = _member_for("product", reading.label, member_rules, taxonomy)
            if found is not None:
                return Choice(_qname(best.concept, taxonomy), f"labels.tsv:{best.line} + members.tsv (section {section!r})",
                              min(best.confidence, 0.8), best.sign, dimensions=(found,))  # type: ignore[arg-type]
            return Choice(_qname(best.concept, taxonomy), f"labels.tsv:{best.line} + extension member (section {section!r})",
                          0.7, best.sign, extension_members=((_qname("srt:ProductOrServiceAxis", taxonomy), reading.label),))
    # "Non-GAAP subscription" under "Cost of revenue": the non-GAAP section total for a product line
    if reading.path and reading.unit_kind == "monetary" and re.match(r"^(non[\s-]?gaap|adjusted)\b", reading.label, re.I):
        rest = re.sub(r"^(non[\s-]?gaap|adjusted)\s+", "", reading.label, flags=re.I)
        found = _member_for("product", rest, member_rules, taxonomy)
        section_reading = attrs.evolve(reading, label=reading.path[-1], path=reading.path[:-1])
        sec = [r for r in label_rules if r.applies(normalize_label(reading.path[-1]), section_reading)
               and r.concept in ("us-gaap:Revenues", "us-gaap:CostOfRevenue")]
        if found is not None and sec:
            base = sec[0].concept.split(":")[1]
            return Choice(None, f"company measure of section {reading.path[-1]!r} + members.tsv", 0.7,
                          extension_label=f"Non-GAAP {_spaced(base)}", dimensions=(found,))  # type: ignore[arg-type]
    if (_COMPANY_MEASURE.search(reading.label) and reading.unit_kind in ("monetary", "per-share", "shares", "percent")
            and not (_RATIO.search(reading.label) and reading.unit_kind != "percent" and "margin" not in reading.label.lower())
            and not re.search(r"%\s*of|as a %|percent(age)? of", reading.label, re.I)):
        return Choice(None, "company measure -> extension concept", 0.75, extension_label=extension_label(reading),
                      dimensions=tuple(dims), extension_members=tuple(ext_members))
    if taxonomy is not None:
        key = id(taxonomy)
        if key not in _std_cache:
            _std_cache[key] = _standard_label_index(taxonomy)
        q = _std_cache[key].get(norm)
        if q is not None:
            return Choice(q, "taxonomy standard label", 0.65, dimensions=tuple(dims), extension_members=tuple(ext_members))
    where = f" in {reading.source_kind}" + (f" under {' / '.join(reading.path)!r}" if reading.path else "")
    return Choice(None, "", 0.0, reason=f"no rule for label {reading.label!r}{where}")


# --------------------------------------------------------------------------- values


def _signed(value: Decimal, sign: str, reading: Reading, concept: QName | None) -> Decimal:
    label = reading.label.strip()
    if sign == "positive":
        value = abs(value)
    elif sign == "negate":
        value = -value
    name = concept.local_name if concept is not None else ""
    # "Benefit from (provision for) income taxes": the printed value is a benefit when positive
    if name == "IncomeTaxExpenseBenefit" and re.match(r"^(\(?[a-z]\)\s*)?benefit\b", label, re.I) and sign == "as-shown":
        value = -value
    # "Other (income) expense": the printed value is an expense when positive
    if name in ("OtherNonoperatingIncomeExpense", "NonoperatingIncomeExpense", "InterestIncomeExpenseNet") and re.search(
        r"\(\s*income\s*\)", label, re.I
    ):
        value = -value
    return value + Decimal(0) if value != 0 else Decimal(0)


def _unit(reading: Reading) -> Unit | None:
    kind = reading.unit_kind
    cur = iso4217(reading.currency or "USD")
    if kind == "monetary":
        return simple_unit(cur)
    if kind == "per-share":
        return Unit((cur,), (QName(XBRLI, "shares", "xbrli"),))
    if kind == "shares":
        return UNIT_SHARES
    if kind in ("percent", "pure", "count"):
        return UNIT_PURE
    return None


_DATA_TYPES = {
    "monetary": QName(XBRLI, "monetaryItemType", "xbrli"),
    "per-share": QName("http://www.xbrl.org/dtr/type/2022-03-31", "perShareItemType", "dtr-types"),
    "shares": QName(XBRLI, "sharesItemType", "xbrli"),
    "percent": QName(XBRLI, "pureItemType", "xbrli"),
    "pure": QName(XBRLI, "pureItemType", "xbrli"),
    "count": QName(XBRLI, "decimalItemType", "xbrli"),
}


# --------------------------------------------------------------------------- entity and extension


def _entity(readings: Sequence[Reading], cik: str | None, document: DocumentInfo) -> tuple[Entity, list[Finding]]:
    findings: list[Finding] = []
    found = None
    symbol = None
    file_number = None
    for r in readings:
        if r.concept_hint is None:
            continue
        name = r.concept_hint.local_name
        if name == "EntityCentralIndexKey" and r.value:
            found = str(r.value)
        elif name == "TradingSymbol" and r.value and symbol is None:
            symbol = str(r.value)
        elif name == "EntityFileNumber" and r.value and file_number is None:
            file_number = str(r.value)
    value = cik or found
    if value and re.fullmatch(r"\d{1,10}", value.strip()):
        return Entity(SEC_CIK_SCHEME, value.strip().zfill(10)), findings
    ident = symbol or file_number or (Path(document.source).stem if document.source else "unknown")
    ident = re.sub(r"[^A-Za-z0-9._-]", "-", ident) or "unknown"
    findings.append(Finding("FM-MAP-NO-CIK", "warning",
                            f"the filing shows no CIK and none was given (--cik); entity identified as {ident!r} "
                            f"under {FALLBACK_SCHEME}", location=Provenance(document.source)))
    return Entity(FALLBACK_SCHEME, ident), findings


def _period_end(readings: Sequence[Reading]) -> _dt.date | None:
    for r in readings:
        if r.concept_hint is not None and r.concept_hint.local_name == "DocumentPeriodEndDate":
            if isinstance(r.value, _dt.date):
                return r.value
            try:
                return _dt.date.fromisoformat(str(r.value))
            except ValueError:
                pass
    ends = [r.period.end for r in readings if isinstance(r.period, Duration) and r.value is not None and not r.forecast]
    if ends:
        counts: dict = defaultdict(int)
        for e in ends:
            counts[e] += 1
        return max(sorted(counts), key=lambda e: (counts[e], e))
    return None


def _extension(readings: Sequence[Reading], document: DocumentInfo, entity: Entity) -> Extension:
    symbol = None
    name = None
    for r in readings:
        if r.concept_hint is not None and r.concept_hint.local_name == "TradingSymbol" and r.value:
            symbol = str(r.value)
            break
        if r.concept_hint is not None and r.concept_hint.local_name == "EntityRegistrantName" and r.value and name is None:
            name = str(r.value)
    base = symbol or (re.sub(r"[^a-z]", "", name.lower())[:12] if name else "") or (
        re.sub(r"[^a-z]", "", Path(document.source).stem.split("-")[0].lower()) if document.source else "") or "company"
    prefix = re.sub(r"[^a-z0-9]", "", base.lower()) or "company"
    if not re.match(r"[a-z]", prefix):
        prefix = "c" + prefix
    end = _period_end(readings)
    stamp = end.strftime("%Y%m%d") if end else "00000000"
    return Extension(prefix, f"http://{prefix}.example/{stamp}", f"{prefix}-{stamp}.xsd")


# --------------------------------------------------------------------------- the stage


def map_readings(readings: Sequence[Reading], taxonomy=None, *, document: DocumentInfo = DocumentInfo(),
                 cik: str | None = None) -> Result:
    """Map readings into a Report.

    Guarantees: only readings with a clean value, a period and a concept chosen with
    confidence >= MIN_CONFIDENCE become numeric facts; every other numeric reading is
    an `FM-MAP-UNMAPPED` finding (or was already reported by extraction when it has a
    `problem`); no two emitted facts share concept, context and unit with different
    values; fact ids are `f-1`, `f-2`, ... in reading order; the Report's findings are
    empty (they travel on the Result)."""
    rules = load_rules()
    findings: list[Finding] = []
    entity, more = _entity(readings, cik, document)
    findings.extend(more)
    ext = _extension(readings, document, entity)
    ext_concepts: dict[str, Concept] = {}
    ext_members: dict[str, Concept] = {}
    candidates: list[tuple[Reading, Fact, Choice]] = []
    for reading in readings:
        if reading.problem is not None:
            continue
        if reading.period is None or reading.value is None:
            if reading.value is not None:
                findings.append(Finding("FM-MAP-UNMAPPED", "info", f"{reading.label!r} {reading.raw!r}: no period",
                                        location=reading.provenance))
            continue
        try:
            choice = choose_concept(reading, taxonomy, rules=rules)
        except Exception as exc:  # noqa: BLE001 - a crashing rule becomes a finding
            findings.append(Finding("FM-INTERNAL", "error", f"mapping {reading.label!r}: {exc}", location=reading.provenance))
            continue
        concept = choice.concept
        if concept is None and choice.extension_label:
            local = _camel(choice.extension_label)
            concept = QName(ext.namespace, local, ext.prefix)
            if local not in ext_concepts:
                period_type = "instant" if isinstance(reading.period, Instant) else "duration"
                ext_concepts[local] = Concept(
                    concept, _DATA_TYPES.get(reading.unit_kind, _DATA_TYPES["monetary"]), period_type, None, False,
                    True, "item", ((LABEL_ROLE, choice.extension_label),))
        if concept is None or choice.confidence < MIN_CONFIDENCE:
            why = choice.reason or f"confidence {choice.confidence:.2f} below {MIN_CONFIDENCE}"
            findings.append(Finding("FM-MAP-UNMAPPED", "info", f"{reading.label!r} {reading.raw!r}: {why}",
                                    location=reading.provenance))
            continue
        known = _taxonomy_concept(taxonomy, concept) if concept.namespace != ext.namespace else ext_concepts.get(concept.local_name)
        if taxonomy is not None and known is None and concept.namespace != ext.namespace:
            findings.append(Finding("FM-MAP-UNMAPPED", "warning",
                                    f"{reading.label!r}: {concept.prefixed} is not in the taxonomy", location=reading.provenance))
            continue
        period = reading.period
        if known is not None:
            want_instant = known.period_type == "instant"
            if want_instant != isinstance(period, Instant):
                findings.append(Finding("FM-MAP-UNMAPPED", "info",
                                        f"{reading.label!r} {reading.raw!r}: {concept.prefixed} is {known.period_type} "
                                        f"but the value is for a {'point in time' if isinstance(period, Instant) else 'period'}",
                                        location=reading.provenance))
                continue
        dims = list(choice.dimensions)
        for axis, label in choice.extension_members:
            local = _camel(label) + "Member"
            member = QName(ext.namespace, local, ext.prefix)
            if local not in ext_members:
                ext_members[local] = Concept(member, QName("http://www.xbrl.org/dtr/type/2022-03-31", "domainItemType", "dtr-types"),
                                             "duration", None, True, True, "item", ((LABEL_ROLE, label),))
            dims.append((axis, member))
        if reading.forecast:
            dims.append((_qname("srt:StatementScenarioAxis", taxonomy), _qname("srt:ScenarioForecastMember", taxonomy)))
        if reading.range in ("minimum", "maximum"):
            member = "srt:MinimumMember" if reading.range == "minimum" else "srt:MaximumMember"
            dims.append((_qname("srt:RangeAxis", taxonomy), _qname(member, taxonomy)))
        try:
            context = Context(entity, period, dims)
        except ValueError as exc:
            findings.append(Finding("FM-MAP-UNMAPPED", "info", f"{reading.label!r}: {exc}", location=reading.provenance))
            continue
        if isinstance(reading.value, Decimal):
            unit = _unit(reading)
            if unit is None:
                continue
            value = _signed(reading.value, choice.sign, reading, concept)
            decimals = reading.decimals if reading.decimals is not None else INF
            fact = Fact(concept, context, value, unit, decimals, None, None, reading.provenance)
        else:
            fact = Fact(concept, context, reading.value, None, None, None, None, reading.provenance)
        candidates.append((reading, fact, choice))
    kept, more = _resolve_duplicates(candidates)
    findings.extend(more)
    facts = [attrs.evolve(f, id=f"f-{i}") for i, (_r, f, _c) in enumerate(kept, 1)]
    used_ext = {f.concept.local_name for f in facts if f.concept.namespace == ext.namespace}
    used_members = {m.local_name for f in facts for _a, m in f.context.dimensions if m.namespace == ext.namespace}
    concepts = [c for n, c in sorted(ext_concepts.items()) if n in used_ext]
    concepts += [c for n, c in sorted(ext_members.items()) if n in used_members]
    networks, abstracts = _presentation(kept, facts, ext)
    concepts += abstracts
    entry_points = tuple(getattr(taxonomy, "entry_points", ()) or ()) or DEFAULT_ENTRY_POINTS
    report = Report(facts=facts, entity=entity, concepts=concepts, networks=networks, entry_points=entry_points,
                    extension=ext, document=document)
    return Result(report, findings)


def _resolve_duplicates(candidates: list[tuple[Reading, Fact, Choice]]) -> tuple[list, list[Finding]]:
    groups: dict[tuple, list[int]] = defaultdict(list)
    for i, (_r, f, _c) in enumerate(candidates):
        groups[(f.concept, f.context, f.unit)].append(i)
    drop: set[int] = set()
    findings: list[Finding] = []
    for key, idxs in groups.items():
        if len(idxs) < 2:
            continue
        values = {candidates[i][1].value for i in idxs}
        if len(values) == 1:
            continue
        # rank the sources; inside the best rank, the values must agree
        best_rank = min(SOURCE_RANK.get(candidates[i][0].source_kind, 3) for i in idxs)
        best = [i for i in idxs if SOURCE_RANK.get(candidates[i][0].source_kind, 3) == best_rank]
        best_values = {candidates[i][1].value for i in best}
        if len(best_values) == 1:
            losers = [i for i in idxs if i not in best and candidates[i][1].value not in best_values]
            drop.update(losers)
            for i in losers:
                r, f, _c = candidates[i]
                findings.append(Finding("FM-MAP-DUPLICATE", "warning",
                                        f"{f.concept.prefixed} {f.context.id}: {r.raw!r} ({r.source_kind}) disagrees with "
                                        f"{next(iter(best_values))} from a primary source; the primary value is kept",
                                        location=r.provenance))
            continue
        drop.update(idxs)
        r0 = candidates[idxs[0]][0]
        findings.append(Finding("FM-MAP-DUPLICATE", "warning",
                                f"{key[0].prefixed} {key[1].id}: sources of the same rank disagree "
                                f"({', '.join(sorted(str(v) for v in values))}); none is emitted",
                                location=r0.provenance))
    return [c for i, c in enumerate(candidates) if i not in drop], findings


def _presentation(kept, facts: Sequence[Fact], ext: Extension) -> tuple[list[Network], list[Concept]]:
    """One presentation network per statement table: an abstract heading over the
    table's concepts in row order."""
    by_table: dict[int, list[QName]] = defaultdict(list)
    kinds: dict[int, str] = {}
    for (reading, _f, _c), fact in zip(kept, facts):
        if reading.table is None or reading.source_kind not in STATEMENT_KINDS:
            continue
        if fact.concept not in by_table[reading.table]:
            by_table[reading.table].append(fact.concept)
        kinds[reading.table] = reading.source_kind
    networks = []
    abstracts = []
    for table, concepts in sorted(by_table.items()):
        kind = kinds[table]
        title = "".join(w.capitalize() for w in kind.split("-"))
        parent = QName(ext.namespace, f"{title}Table{table}Abstract", ext.prefix)
        abstracts.append(Concept(parent, QName(XBRLI, "stringItemType", "xbrli"), "duration", None, True, True, "item",
                                 ((LABEL_ROLE, f"{kind.replace('-', ' ').capitalize()} (table {table})"),)))
        rels = [Relationship(parent, c, Decimal(i)) for i, c in enumerate(concepts, 1)]
        networks.append(Network("presentation", f"{ext.namespace}/role/Table{table}",
                                f"{table:03d} - {kind.replace('-', ' ').capitalize()} (table {table})", rels))
    return networks, abstracts


# --------------------------------------------------------------------------- coverage


def coverage(document, readings: Sequence[Reading], report: Report) -> list[dict]:
    """For each table: every numeric cell read from it, with the fact id it became or
    the reason it did not (the extraction problem, the mapping reason, or a dropped
    duplicate). The CLI writes this as STEM.coverage.json."""
    by_place: dict[tuple, str] = {}
    for f in report.facts:
        p = f.provenance
        if p is not None and p.table is not None:
            by_place[(p.table, p.row, p.cell, p.line, p.text)] = f.id or ""
    rules = load_rules()
    tables: dict[int, list[dict]] = defaultdict(list)
    for r in readings:
        if r.table is None:
            continue
        p = r.provenance
        key = (p.table, p.row, p.cell, p.line, p.text)
        entry = {"row": p.row, "cell": p.cell, "line": p.line, "label": r.label, "raw": r.raw,
                 "period": _period_text(r.period)}
        fid = by_place.get(key)
        if fid:
            entry["fact"] = fid
            choice = choose_concept(r, None, rules=rules)
            entry["rule"] = choice.rule
            entry["confidence"] = choice.confidence
        elif r.problem:
            entry["reason"] = r.problem
        else:
            choice = choose_concept(r, None, rules=rules)
            entry["reason"] = choice.reason or (
                f"mapped by {choice.rule} but not emitted (duplicate, period type or taxonomy check)")
        tables[r.table].append(entry)
    out = []
    for t in getattr(document, "tables", ()):
        cells = tables.get(t.index, [])
        if not cells:
            continue
        out.append({"table": t.index, "line": t.line, "caption": " ".join(t.caption)[-200:], "cells": cells,
                    "facts": sum(1 for c in cells if "fact" in c), "not_facts": sum(1 for c in cells if "fact" not in c)})
    return out


def _period_text(p) -> str | None:
    if isinstance(p, Duration):
        return f"{p.start.isoformat()}/{p.end.isoformat()}"
    if isinstance(p, Instant):
        return p.date.isoformat()
    return None
