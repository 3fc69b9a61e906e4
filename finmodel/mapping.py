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

A labels.tsv row whose concept is "ext:Name" (or "ext:", named from the label) makes an
extension concept for wording many releases share. Prose "earnings per share" that says
neither basic nor diluted takes the statement line it agrees with (guidance: diluted).
A rule's section regex is searched in the section path with hyphens read as spaces, so "$" anchors it
to the innermost heading (an "Other" cash-flow line belongs to the activity it is printed under).
Gain-or-loss concepts read from a cash flow are negated gains (a loss added back is a negative gain);
breakdown labels that differ only by a trailing "Segment" stay one member unless their facts disagree;
an equity total printed below a noncontrolling-interests line includes that portion.
The report gets one presentation network and one calculation network per statement table;
a calculation is kept only when the facts add up wherever it binds (`calculation_networks`).
"""

from __future__ import annotations

import datetime as _dt
import difflib
import functools
import re
from collections import defaultdict
from decimal import Decimal, getcontext
from pathlib import Path
from typing import Iterable, Mapping, NamedTuple, Sequence

import attrs

from . import regex
from .model import (
    INF, UNIT_PURE, UNIT_SHARES, XBRLI, Concept, Context, DocumentInfo, Duration, Entity,
    Claim, Extension, Fact, Finding, Instant, Network, Provenance, QName, Relationship, Report, Result, SEC_CIK_SCHEME,
    Unit, iso4217, simple_unit, LABEL_ROLE,
)
from .precision import half_unit, interval
from .readings import Reading
from .validation.calculations import excess_digits_in

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

_GEOGRAPHY = regex.compile(
    r"^(the )?(americas?|emea|europe|asia|asia[\s/-]pacific|apac|japan|china|united states|u\.?s\.?|international|"
    r"north america|latin america|south america|middle east|africa|canada|domestic|foreign|rest of (the )?world|"
    r"other countries|europe,? middle east (and|&) africa)\b", re.I)
_RATIO = regex.compile(r"%|\bpercent(age)?\b|\bas a\b.*\bof\b|\bmargin\b|\bratio\b", re.I)
_REVENUE_WORDS = regex.compile(r"\b(revenues?|sales)\b", re.I)
_COMPANY_MEASURE = regex.compile(
    r"\badjusted\b|\badj\b|non[\s-]?gaap|\bebitda\b|\bebit\b|free cash flow|\bbookings\b|\bbillings\b|"
    r"annual recurring revenue|\barr\b|\bexcluding\b|pro forma|constant currency",
    re.I,
)


def _mapping_dir() -> Path:
    from .resources import taxonomy_dir

    return taxonomy_dir() / "mapping"


# --------------------------------------------------------------------------- rules


_FOOTNOTE_MARK = regex.compile(r"\((\d{1,2}|[a-z])\)")      # "(1)", "(a)"
# a reference to the notes, not part of the measure's name: "(See Note)", "(see notes 3 and 4)", "(Note 2)"
_NOTE_REF = regex.compile(r"\(\s*(?:see\s+)?(?:the\s+)?(?:accompanying\s+)?notes?\b[^()]{0,24}\)", re.I)
_NOT_WORD = regex.compile(r"[^a-z0-9]+")
_LEADING_TOTAL = regex.compile(r"^total\s+")
_LEADING_TOTAL_ANY_CASE = regex.compile(r"^total\s+", re.I)


@functools.lru_cache(maxsize=16384)
def normalize_label(label: str) -> str:
    """Lower-case words only: punctuation, parentheses, footnote markers and a leading
    "total" dropped; "&" read as "and" ("Total Revenues (1)" -> "revenues").
    Remembered per label (a release repeats its labels in every column)."""
    s = label.replace("’", "'").replace("&", " and ")
    s = _NOTE_REF.sub(" ", _FOOTNOTE_MARK.sub(" ", s))
    s = s.lower().replace("'", "")
    s = _NOT_WORD.sub(" ", s).strip()
    s = _LEADING_TOTAL.sub("", s)
    return s


_DASHES = regex.compile(r"[-‐‑–—]")


@functools.lru_cache(maxsize=4096)
def _section_text(path: tuple[str, ...]) -> str:
    """A section path as a rule's section regex is searched in: lower case, headings joined
    by " / ", hyphens and dashes read as spaces ("Non-Current" reads as "non current")."""
    return _DASHES.sub(" ", " / ".join(path).lower())


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
        return self.fits_at(reading.source_kind, reading.unit_kind, reading.table is not None, reading.path)

    def fits_at(self, source_kind: str, unit_kind: str, in_table: bool, path: tuple[str, ...]) -> bool:
        """`fits` for a reading of this source kind and unit kind, read from a table or not, under
        the section path `path` (all that `fits` looks at)."""
        if self.kinds != ("*",) and source_kind not in self.kinds and not (
                # a segment income statement ("Segment Income Statements": the statement's
                # lines by segment) reads its lines as the income statement does
                source_kind == "segment" and "income-statement" in self.kinds
                and self.unit == "monetary" and in_table):
            return False
        if self.unit not in ("*", unit_kind):
            return False
        if self.section:
            neg = self.section.startswith("!")
            found = bool(self._section_regex.search(_section_text(path)))
            if found == neg:
                return False
        return True

    @functools.cached_property
    def _section_regex(self) -> re.Pattern:
        return regex.compile(self.section.lstrip("!"))

    def matches(self, norm: str) -> bool:
        """One of the rule's label variants matches the whole normalized label."""
        return norm in self._literal_set or any(p.fullmatch(norm) for p in self._regexes)

    def applies(self, norm: str, reading: Reading) -> bool:
        return self.matches(norm) and self.fits(reading)

    @functools.cached_property
    def _literal_set(self) -> frozenset[str]:
        return frozenset(self.literals)

    @functools.cached_property
    def _regexes(self) -> tuple[re.Pattern, ...]:
        return tuple(getattr(p, "compiled", p) for p in self.patterns if p.pattern not in self._literal_set)

    def applies_near(self, norm: str, reading: Reading) -> bool:
        """Like `applies`, for a label one or two letters off a literal variant."""
        return self._near(norm) and self.fits(reading)

    def _near(self, norm: str, matcher: difflib.SequenceMatcher | None = None) -> bool:
        """A literal variant one or two letters off `norm`. `matcher`, when given, is a
        `SequenceMatcher` whose second sequence is `norm` already (`_RuleMatcher.near` shares one
        across rules): its ratios for a literal equal a fresh `SequenceMatcher(None, lit, norm)`'s,
        as setting the first sequence keeps only what was computed from the second."""
        return any(_near_literal(lit, norm, matcher) for lit in self.literals)

    @functools.cached_property
    def literals(self) -> tuple[str, ...]:
        return tuple(p.pattern for p in self.patterns if _LITERAL.fullmatch(p.pattern))


def _near_literal(lit: str, norm: str, matcher: difflib.SequenceMatcher | None = None) -> bool:
    """The literal variant `lit` is one or two letters off `norm`: the same first letter, at most
    two letters longer or shorter, and `difflib` ratios of at least 0.95 (`Rule._near`)."""
    if abs(len(lit) - len(norm)) > 2 or lit[:1] != norm[:1]:
        return False
    # SequenceMatcher.real_quick_ratio (its length bound) without building the matcher
    if 2.0 * min(len(lit), len(norm)) / (len(lit) + len(norm)) < 0.95:
        return False
    if matcher is None:
        sm = difflib.SequenceMatcher(None, lit, norm)
    else:
        sm = matcher
        sm.set_seq1(lit)
    return sm.quick_ratio() >= 0.95 and sm.ratio() >= 0.95


class _RuleMatcher:
    """Which rules of one rule set match a normalized label: literal variants ("net sales") by a
    dictionary look-up, the others by their regular expressions; answers remembered per label.

    A regular expression is tried (and compiled, on first use) only when the label contains the
    plain text every match of it must contain (`_required_text`), so most are never compiled in a
    run; skipping the others cannot change an answer, as they cannot fully match the label. The
    variants are indexed by the first three letters of that text, so a label meets only those whose
    text could be in it, not every one."""

    def __init__(self, label_rules: Sequence[Rule]) -> None:
        self.rules = label_rules
        self.literal: dict[str, list[int]] = defaultdict(list)
        # (rule index, text any match contains, variant); a variant that is not a `_Pattern` (a
        # compiled pattern, whose flags may allow other cases) is always tried
        self.regex: list[tuple[int, str, re.Pattern | _Pattern]] = []
        # (first letter, length) of a literal variant -> (rule index, variant): the variants
        # `_near_literal` may find close to a label (`near_rules`)
        self.near_literals: dict[tuple[str, int], list[tuple[int, str]]] = defaultdict(list)
        for i, r in enumerate(label_rules):
            for lit in r._literal_set:
                self.literal[lit].append(i)
            for p in r.patterns:
                if p.pattern not in r._literal_set:
                    self.regex.append((i, p.required if isinstance(p, _Pattern) else "", p))
            for lit in r.literals:
                self.near_literals[(lit[:1], len(lit))].append((i, lit))
        # positions in `regex` by the first three letters of their required text; those requiring
        # fewer letters are tried for every label
        self.by_trigram: dict[str, list[int]] = defaultdict(list)
        self.always: list[int] = []
        for n, (_i, required, _p) in enumerate(self.regex):
            (self.by_trigram[required[:3]] if len(required) >= 3 else self.always).append(n)
        self.memo: dict[tuple[str, str], tuple[Rule, ...]] = {}

    def matching(self, norm: str) -> tuple[Rule, ...]:
        hit = self.memo.get(("=", norm))
        if hit is None:
            found = set(self.literal.get(norm, ()))
            # the variants whose required text starts with three letters found in the label
            tried = set(self.always)
            for k in range(len(norm) - 2):
                tried.update(self.by_trigram.get(norm[k:k + 3], ()))
            for n in sorted(tried):
                i, required, pattern = self.regex[n]
                if i not in found and required in norm and pattern.fullmatch(norm):
                    found.add(i)
            hit = self.memo[("=", norm)] = tuple(self.rules[i] for i in sorted(found))
        return hit

    def near(self, norm: str) -> tuple[Rule, ...]:
        hit = self.memo.get(("~", norm))
        if hit is None:
            # `Rule._near` only considers literal variants with the label's first letter and a
            # length at most two off; one matcher holds what `difflib` works out from the label,
            # for every literal compared
            sm = difflib.SequenceMatcher(None, "", norm)
            found: set[int] = set()
            for length in range(len(norm) - 2, len(norm) + 3):
                for i, lit in self.near_literals.get((norm[:1], length), ()):
                    if i not in found and _near_literal(lit, norm, sm):
                        found.add(i)
            hit = self.memo[("~", norm)] = tuple(self.rules[i] for i in sorted(found))
        return hit


_match_cache: dict[int, _RuleMatcher] = {}


def _matcher(label_rules: Sequence[Rule]) -> _RuleMatcher:
    entry = _match_cache.get(id(label_rules))
    if entry is None or entry.rules is not label_rules:
        if len(_match_cache) > 8:
            _match_cache.clear()
        entry = _match_cache[id(label_rules)] = _RuleMatcher(label_rules)
    return entry


def matching_rules(label_rules: Sequence[Rule], norm: str) -> tuple[Rule, ...]:
    """The rules, in file order, one of whose variants fully matches the normalized label `norm`
    (section, kind and unit not checked: see `Rule.fits`). Remembered per rule set and label."""
    return _matcher(label_rules).matching(norm)


def near_rules(label_rules: Sequence[Rule], norm: str) -> tuple[Rule, ...]:
    """The rules, in file order, with a literal variant one or two letters off `norm`
    (`Rule.applies_near` without the section check). Remembered per rule set and label."""
    return _matcher(label_rules).near(norm)


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


_LITERAL = regex.compile(r"[a-z0-9 ]+")
# the pieces `_required_text` reads a pattern in: a character class, a repetition count, a run of
# plain text, or any other single character
_PATTERN_PIECE = regex.compile(r"\[\^?\]?[^\]]*\]|\{[^}]*\}|[a-z0-9 ]+|.", re.S)


def _required_text(pattern: str) -> str:
    """The longest run of plain text (lower-case letters, digits, spaces) that every string the
    regular expression `pattern` fully matches contains; "" when none is known.

    Only text outside every group and character class counts, and a character a quantifier makes
    optional or repeatable is left out ("(less )?minority interests? in" -> "minority interest").
    A pattern with a top-level alternative ("a|b"), an escape or an inline flag gives "", as does
    anything this reading does not follow, so the answer is always safe to test with `in`."""
    if "\\" in pattern or "(?" in pattern:
        return ""
    pieces = _PATTERN_PIECE.findall(pattern)
    best = ""
    depth = 0
    for n, piece in enumerate(pieces):
        if piece in ("[", "{"):  # an unclosed class or count: not followed here
            return ""
        if piece == "(":
            depth += 1
        elif piece == ")":
            depth -= 1
        elif piece == "|" and depth == 0:
            return ""
        elif depth == 0 and _LITERAL.fullmatch(piece):
            after = pieces[n + 1][:1] if n + 1 < len(pieces) else ""
            run = piece[:-1] if after in ("?", "*", "+", "{") else piece  # its last character repeats or may be absent
            if len(run) > len(best):
                best = run
    return best


class _Pattern:
    """A label variant from a rule file that behaves like the `re.Pattern` it spells, compiled
    only when first needed. A plain-word variant ("net sales") matches only its own text, so it
    answers `fullmatch` without compiling; another variant answers `fullmatch` of a text without
    the plain text every match of it contains (`_required_text`) without compiling too. Most
    variants are never compiled in a run (compiling every rule's regex cost more than the
    mapping itself)."""

    __slots__ = ("pattern", "_literal", "_compiled", "_required")

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self._literal = _LITERAL.fullmatch(pattern) is not None
        self._compiled: re.Pattern | None = None
        self._required: str | None = None

    @property
    def compiled(self) -> re.Pattern:
        """The compiled regular expression (compiled on first use)."""
        c = self._compiled
        if c is None:
            c = self._compiled = regex.compile(self.pattern)
        return c

    @property
    def required(self) -> str:
        """Plain text every string this variant fully matches contains (`_required_text`)."""
        r = self._required
        if r is None:
            r = self._required = self.pattern if self._literal else _required_text(self.pattern)
        return r

    @property
    def flags(self) -> int:
        return self.compiled.flags

    def fullmatch(self, string: str, *args):
        """As `re.Pattern.fullmatch`."""
        if not args:
            if self._literal:
                # the variant spells only itself: the match of the whole text when equal
                return _LITERAL.fullmatch(string) if string == self.pattern else None
            if self.required not in string:
                return None
        return self.compiled.fullmatch(string, *args)

    def match(self, string: str, *args):
        """As `re.Pattern.match`."""
        return self.compiled.match(string, *args)

    def search(self, string: str, *args):
        """As `re.Pattern.search`."""
        return self.compiled.search(string, *args)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, _Pattern):
            return self.pattern == other.pattern
        if isinstance(other, re.Pattern):
            return other.flags == re.UNICODE and other.pattern == self.pattern
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.pattern)

    def __repr__(self) -> str:
        return f"re.compile({self.pattern!r})"


def _patterns(text: str) -> tuple[_Pattern, ...]:
    return tuple(_Pattern(p.strip()) for p in text.split(" ; ") if p.strip())


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
    return _qname_of(ns, local, prefix)


@functools.lru_cache(maxsize=4096)
def _qname_of(namespace: str, local: str, prefix: str) -> QName:
    """`QName(namespace, local, prefix)`, one shared (immutable) instance per value."""
    return QName(namespace, local, prefix)


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
    extension_name: str | None = None
    dimensions: tuple[tuple[QName, QName], ...] = ()
    extension_members: tuple[tuple[QName, str], ...] = ()


def _standard_label_index(taxonomy) -> dict[str, QName]:
    out: dict[str, QName] = {}
    concepts = getattr(taxonomy, "concepts", None)
    if not isinstance(concepts, Mapping):
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


_CAMEL_BOUNDARY = regex.compile(r"(?<=[a-z])(?=[A-Z])")


def _spaced(camel: str) -> str:
    return _CAMEL_BOUNDARY.sub(" ", camel)


_WORD = regex.compile(r"[A-Za-z0-9]+")
_NAME_START = regex.compile(r"[A-Za-z_]")


@functools.lru_cache(maxsize=8192)
def _camel(label: str) -> str:
    label = label.replace("&", " and ")
    words = _WORD.findall(label.replace("’", "'").replace("'", ""))
    shouting = sum(1 for w in words if w.isupper() and len(w) > 1) > max(2, len(words) // 2)
    out = []
    for w in words:
        if w.isupper() and len(w) > 1 and not shouting:
            out.append(w)  # acronyms keep their case: EBITDA
        else:
            out.append(w[:1].upper() + w[1:].lower())
    name = "".join(out)
    if not name or not _NAME_START.match(name):
        name = "M" + name
    return name[:200]


def extension_label(reading: Reading) -> str:
    """The label a company measure is declared with: the row label without footnote
    markers and enumerators, with "per share" kept."""
    return _clean_label(reading.label)


@functools.lru_cache(maxsize=8192)
def _clean_label(label: str) -> str:
    """`label` without footnote markers, runs of white space as one space, without
    surrounding spaces and colons."""
    return " ".join(_NOTE_REF.sub("", _FOOTNOTE_MARK.sub("", label)).split()).strip(" :")


def _member_for(hint: str, label: str, members: Sequence[MemberRule], taxonomy) -> tuple[QName, QName] | None:
    """The (axis, member) that `members.tsv` gives a breakdown label under `hint`, or None.
    With a taxonomy, a member (or axis) the taxonomy does not declare is not used."""
    norm = normalize_label(label)
    for m in members:
        if m.hint == hint and any(p.fullmatch(norm) for p in m.patterns):
            axis, member = _qname(m.axis, taxonomy), _qname(m.member, taxonomy)
            if taxonomy is not None and (_taxonomy_concept(taxonomy, member) is None
                                         or _taxonomy_concept(taxonomy, axis) is None):
                return None
            return axis, member
    return None


_AXIS_FOR_HINT = {
    "income-statement-location": "us-gaap:IncomeStatementLocationAxis",
    "segment": "us-gaap:StatementBusinessSegmentsAxis",
    "product": "srt:ProductOrServiceAxis",
    "product-or-service": "srt:ProductOrServiceAxis",
    "geography": "srt:StatementGeographicalAxis",
    "region": "srt:StatementGeographicalAxis",
    "entity": "srt:ConsolidatedEntitiesAxis",
    "consolidated-entity": "srt:ConsolidatedEntitiesAxis",
    "consolidation-items": "srt:ConsolidationItemsAxis",
    "legal-entity": "dei:LegalEntityAxis",
}
_LETTER = regex.compile(r"[A-Za-z]")
_MONTHS = regex.compile(r"\b(january|february|march|april|may|june|july|august|september|october|november|december)\b", re.I)
# hints that describe the reading rather than a breakdown of it (handled elsewhere)
_NOT_BREAKDOWN_HINTS = ("change-from", "basis")


def member_label(label: str) -> str:
    """A breakdown label as a member is declared with: footnote markers, a trailing
    "segment"/"region" word and a leading "total" dropped ("Financial Products Segment" ->
    "Financial Products")."""
    text = _LEADING_TOTAL_ANY_CASE.sub("", _clean_label(label))
    text = _BREAKDOWN_WORD.sub("", text)
    return text or label


_BREAKDOWN_WORD = regex.compile(r"\s+(segments?|regions?|revenues?|sales)$", re.I)


def resolve_dimensions(reading: Reading, taxonomy=None, member_rules: Sequence[MemberRule] = ()) -> tuple[
        tuple[tuple[QName, QName], ...], tuple[tuple[QName, str], ...], str]:
    """The reading's dimension hints as (standard members, extension members by label, reason).

    A hint whose label `members.tsv` knows becomes that axis and member; any other hint on a
    known axis becomes an extension member named from its label (UpperCamelCase + "Member").
    `reason` is non-empty when a hint cannot be a member (a date, a number, an unknown hint).
    Remembered per hints, taxonomy and member rules (a table's columns repeat their hints)."""
    key = (reading.dimensions, id(taxonomy), id(member_rules))
    hit = _dimensions_cache.get(key)
    if hit is not None and hit[0] is taxonomy and hit[1] is member_rules:
        return hit[2]
    found = _resolve_dimensions(reading.dimensions, taxonomy, member_rules)
    if len(_dimensions_cache) > 20000:
        _dimensions_cache.clear()
    _dimensions_cache[key] = (taxonomy, member_rules, found)
    return found


_dimensions_cache: dict[tuple, tuple] = {}


def _resolve_dimensions(hints, taxonomy, member_rules) -> tuple[
        tuple[tuple[QName, QName], ...], tuple[tuple[QName, str], ...], str]:
    dims: list[tuple[QName, QName]] = []
    ext: list[tuple[QName, str]] = []
    for hint, label in hints:
        if hint in _NOT_BREAKDOWN_HINTS:
            continue
        found = _member_for(hint, label, member_rules, taxonomy)
        if found is not None:
            dims.append(found)
            continue
        if _MONTHS.search(label) or len(_LETTER.findall(label)) < 2 or not _LETTER.match(label):
            return (), (), f"{label!r} is not a member name"
        axis = _AXIS_FOR_HINT.get(hint)
        if axis is None:
            return (), (), f"no axis for {hint} {label!r}"
        ext.append((_qname(axis, taxonomy), member_label(label)))
    axes = [a for a, _ in dims] + [a for a, _ in ext]
    if len(set(axes)) != len(axes):
        return (), (), "two breakdowns on one axis"
    return tuple(dims), tuple(ext), ""


_NON_GAAP = regex.compile(r"^(non[\s-]?gaap|adjusted)\s+|\s*[(\[]?\bnon[\s-]?gaap\b[)\]]?\s*", re.I)
_NON_GAAP_MARK = regex.compile(r"\bnon[\s-]?gaap\b", re.I)


_LOSS_WORD = regex.compile(r"\b(loss|losses)\b")
_ATTRIBUTABLE = regex.compile(r"\battributable to( the)? (ordinary|common)? ?(shareholders|stockholders)\b")
_OF_SHARES = regex.compile(r"\b(of|to) (ordinary|common) (shares|stock)\b")
_EXPENSES = regex.compile(r"\bexpenses\b")


def _simplified(norm: str) -> list[str]:
    """Variants of a normalized label with filler words dropped, most literal first:
    "(loss)" alternatives, "attributable to ... shareholders", a trailing "expenses"."""
    out = [norm]
    s = _LOSS_WORD.sub(" ", norm)
    s = _ATTRIBUTABLE.sub(" ", s)
    s = _OF_SHARES.sub(" ", s)
    s = " ".join(s.split())
    if s and s not in out:
        out.append(s)
    t = _EXPENSES.sub("expense", s)
    if t not in out:
        out.append(t)
    return out


def _standard_for_label(text: str, unit_kind: str, label_rules: Sequence[Rule]) -> str | None:
    """The US-GAAP concept a label names when read outside any table (kinds and sections
    ignored, units respected), by the highest-confidence rule; None when no rule names it."""
    for norm in _simplified(normalize_label(text)):
        hits = [r for r in matching_rules(label_rules, norm) if r.unit in ("*", unit_kind)
                and r.concept.startswith("us-gaap:")]
        if hits:
            return max(hits, key=lambda r: (r.confidence, -r.line)).concept
    return None


_BRACKETS = regex.compile(r"[()\[\]]")


def company_measure_name(label: str, unit_kind: str, label_rules: Sequence[Rule]) -> tuple[str, str]:
    """(local name, label) for a company measure US-GAAP lacks.

    A non-GAAP counterpart of a standard line ("Non-GAAP sales and marketing expenses",
    "non-GAAP diluted earnings per share", "Operating income (non-GAAP)") is named
    "NonGaap" + the standard concept's name (NonGaapSellingAndMarketingExpense,
    NonGaapEarningsPerShareDiluted), so the same measure gets the same name however a
    release words it; anything else is named from its label in UpperCamelCase."""
    clean = _clean_label(label)
    if _NON_GAAP_MARK.search(clean):
        rest = _NON_GAAP_MARK.sub(" ", clean)
        rest = _BRACKETS.sub(" ", rest)
        rest = " ".join(rest.split()).strip(" ,:-")
        std = _standard_for_label(rest, unit_kind, label_rules) if rest else None
        if std is not None:
            return "NonGaap" + std.split(":", 1)[1], clean
        return "NonGaap" + _camel(rest), clean
    return _camel(clean), clean


_STATEMENT_LINE_KINDS = ("income-statement", "balance-sheet", "cash-flow")
# totals that statements use as section headings over lines of their own ("Current liabilities",
# "Operating expenses", "Changes in operating assets and liabilities"), unlike a line item broken
# down by entity or segment beneath it
_GROUP_HEADINGS = frozenset(f"us-gaap:{n}" for n in (
    "Assets", "AssetsCurrent", "AssetsNoncurrent", "Liabilities", "LiabilitiesCurrent", "LiabilitiesNoncurrent",
    "LiabilitiesAndStockholdersEquity", "StockholdersEquity", "StockholdersEquityIncludingPortionAttributableToNoncontrollingInterest",
    "Revenues", "CostOfRevenue", "CostsAndExpenses", "OperatingExpenses", "OperatingCostsAndExpenses", "NonoperatingIncomeExpense",
    "OtherNonoperatingIncomeExpense", "IncreaseDecreaseInOperatingCapital", "NetCashProvidedByUsedInOperatingActivities",
    "NetCashProvidedByUsedInInvestingActivities", "NetCashProvidedByUsedInFinancingActivities"))
# cash-flow lines whose label says the direction of the cash: payments (reported positive) and proceeds
_CASH_FLOW_PAYMENT = r"^(less:?\s*)?(payments?|purchases?|additions?|expenditures?|acquisitions?|investments? in|repurchases?|repayments?|capital expenditures?)\b"
_CASH_FLOW_DIRECTION = _CASH_FLOW_PAYMENT + r"|^proceeds\b|^collections?\b"

_CASH_FLOW_PAYMENT_RE = regex.compile(_CASH_FLOW_PAYMENT, re.I)
_CASH_FLOW_DIRECTION_RE = regex.compile(_CASH_FLOW_DIRECTION, re.I)

_LINE_ITEM = regex.compile(r"^[A-Za-z(][A-Za-z0-9 ,.'’&()/\-–—:;%$]*$")
_TWO_LETTER_WORD = regex.compile(r"[A-Za-z]{2,}")
_PERCENT_OR_CHANGE = regex.compile(r"%|\bpercent|\bchange\b", re.I)


def _statement_line_extension(reading: Reading, label_rules: Sequence[Rule]) -> str | None:
    """The extension label for a primary-statement line no rule maps, or None when the row
    does not look like a line item of its own: a breakdown under a heading that is itself a
    line item ("Short-term borrowings" / "Segment A"), a percentage, a fragment."""
    segment_line = reading.source_kind == "segment" and any(d[0] == "segment" for d in reading.dimensions)
    if (reading.source_kind not in _STATEMENT_LINE_KINDS and not segment_line) or reading.unit_kind != "monetary":
        return None
    label = extension_label(reading)
    words = _TWO_LETTER_WORD.findall(label)
    if len(words) < 2 or not _LINE_ITEM.match(label) or label[:1].islower() or _MONTHS.search(label):
        return None
    if _PERCENT_OR_CHANGE.search(label):
        return None
    if reading.source_kind == "cash-flow" and not _CASH_FLOW_DIRECTION_RE.match(label):
        return None  # which way a cash-flow line's sign runs is not known from its label
    if reading.path:
        head = normalize_label(reading.path[-1])
        named = {r.concept for r in matching_rules(label_rules, head)}
        if named and not named & _GROUP_HEADINGS:
            return None  # a breakdown of the heading's line item: its axis is not known here
    return label


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


_ADJUSTED = regex.compile(r"\badjusted\b", re.I)
_ADJUSTMENTS = regex.compile(r"\badjustments?\b", re.I)
_ADJUST = regex.compile(r"adjust|\badj\b", re.I)
_EXCLUDING = regex.compile(r"excluding", re.I)
_REPORTED = regex.compile(r"\bgaap\b|as reported|reported", re.I)


def _basis(reading: Reading) -> str | None:
    """"non-gaap", "adjusted" or "adjustment" for a value read from a Non-GAAP or an adjustment column
    (the ("basis", ...) hint of a reconciliation table), else None."""
    for hint, label in reading.dimensions:
        if hint == "basis":
            if _ADJUSTED.search(label) and not _NON_GAAP_MARK.search(label) and not _ADJUSTMENTS.search(label):
                return "adjusted"  # "Adjusted": the measure after the adjustments, not an adjustment
            if _ADJUST.search(label):
                return "adjustment"
            if _NON_GAAP_MARK.search(label) or _EXCLUDING.search(label):
                return "non-gaap"
            if _REPORTED.search(label):
                return None
            return "unknown"
    return None


_BASIS_NAME = regex.compile(r"^(NonGaap|Adjusted)")


def _choose(reading: Reading, taxonomy=None, *, rules=None) -> Choice:
    """The choice for a reading; a value of a Non-GAAP or adjustment column of a
    reconciliation (basis hint) is the line's own measure named "NonGaap" + name, or name +
    "NonGaapAdjustment" (extension concepts), with the line's breakdown members."""
    basis = _basis(reading)
    if basis is None:
        return _choose_plain(reading, taxonomy, rules=rules)
    if basis == "unknown":
        return Choice(None, "", 0.0, reason=f"a column of unknown basis {dict(reading.dimensions).get('basis')!r}")
    plain = attrs.evolve(reading, dimensions=tuple(d for d in reading.dimensions if d[0] != "basis"))
    base = _choose_plain(plain, taxonomy, rules=rules)
    tax_line = base.concept is None and not base.extension_name and bool(_TAX_EFFECTS_LINE.fullmatch(normalize_label(reading.label)))
    if tax_line:
        base = _tax_effects_gaap_choice(taxonomy)
    if base.concept is None and not base.extension_name:
        return base
    if base.concept is not None and ("(section" in base.rule or (tax_line and basis != "adjustment")):
        # a Non-GAAP column of an "income tax effects" line holds the non-GAAP tax expense
        name = base.concept.local_name
    elif base.concept is not None:
        name = _camel(_LEADING_TOTAL_ANY_CASE.sub("", extension_label(reading)))
    else:
        name = base.extension_name or ""
        if basis in ("non-gaap", "adjusted") and _BASIS_NAME.match(name):
            return base
        name = _BASIS_NAME.sub("", name)
    if not name:
        return Choice(None, "", 0.0, reason="no name for a Non-GAAP column value")
    label = _LEADING_TOTAL_ANY_CASE.sub("", extension_label(reading))
    if basis == "adjusted":
        ext_name, ext_label = "Adjusted" + name, f"Adjusted {label}"
    elif basis == "non-gaap":
        ext_name, ext_label = "NonGaap" + name, f"Non-GAAP {label}"
    else:
        ext_name, ext_label = name + "NonGaapAdjustment", f"{label}, Non-GAAP adjustment"
    return Choice(None, f"{base.rule} + {basis} column -> extension concept", 0.7, "as-shown",
                  extension_label=ext_label, extension_name=ext_name, dimensions=base.dimensions,
                  extension_members=base.extension_members)


# "Income tax effects" as a line of a table with GAAP, adjustment and non-GAAP columns: the GAAP
# column holds the income tax expense, the adjustment column the tax effect of the adjustments
_TAX_EFFECTS_LINE = regex.compile(r"(income )?tax(es)? effects?")


def _tax_effects_gaap_choice(taxonomy) -> Choice:
    return Choice(_qname("us-gaap:IncomeTaxExpenseBenefit", taxonomy),
                  "income tax effects line of a GAAP / non-GAAP column table -> income tax expense", 0.8)


def _basis_rows(readings: Sequence[Reading]) -> set[tuple]:
    """(table, row) of table rows with a value in a Non-GAAP or adjustment column (basis hint)."""
    out = set()
    for r in readings:
        if r.table is not None and any(h == "basis" for h, _l in r.dimensions):
            out.add((r.table, r.provenance.row if r.provenance.row is not None else r.provenance.line))
    return out


_CHANGE_WORDS = regex.compile(r"^(net )?(increase|decrease|change)( (increase|decrease))?( net)? in (the )?")


_NON_GAAP_START = regex.compile(r"^(non[\s-]?gaap|adjusted)\b", re.I)
_NON_GAAP_PREFIX = regex.compile(r"^(non[\s-]?gaap|adjusted)\s+", re.I)
_RECONCILIATION_WORDS = regex.compile(r"\s*\b(gaap to non[\s-]?gaap\s*)?reconciliations?\b.*$", re.I)
_MARGIN = regex.compile(r"\bmargins?\b", re.I)
_NOT_A_MARGIN = regex.compile(r"%\s*of|as a %|percent(age)? of|\bchange\b|\bgrowth\b|\bpts?\b|\bpoints?\b|\bbasis\b", re.I)
_PERCENT_OF = regex.compile(r"%\s*of|as a %|percent(age)? of", re.I)
_GAAP_PREFIX = regex.compile(r"^\s*(?:total\s+)?gaap\s+(?=[a-z(])", re.I)


def _choose_plain(reading: Reading, taxonomy=None, *, rules=None) -> Choice:
    """Pick the concept for one reading (pure; the same reading always gets the same choice).

    Order: a `concept_hint` from extraction; the label rules (highest confidence wins,
    file order breaks ties); a product/service or region line under a revenue or cost
    section (the section's concept with a member); a company measure (extension concept,
    non-GAAP counterparts named after the standard concept); the taxonomy's standard
    labels; a primary-statement line no rule knows (extension concept named from its label).

    The reading's breakdown hints give its members (`resolve_dimensions`); everything else is
    decided by `_choose_by_label`, once per label and section for all the breakdown columns of
    a row (the members of its answer are then the reading's own)."""
    rules = rules or load_rules()
    label_rules, member_rules = rules
    norm = normalize_label(reading.label)
    if reading.concept_hint is not None:
        return Choice(reading.concept_hint, "hint from extraction", 0.95)
    if not norm:
        return Choice(None, "", 0.0, reason="the row has no label")
    dims, ext_members, why = resolve_dimensions(reading, taxonomy, member_rules)
    if why:
        return Choice(None, "", 0.0, reason=why)
    choice, with_members = _choose_by_label(reading, taxonomy, rules)
    if with_members and (dims or ext_members):
        return Choice(choice.concept, choice.rule, choice.confidence, choice.sign, choice.reason, choice.extension_label,
                      choice.extension_name, dims, ext_members)
    return choice


def _choose_by_label(reading: Reading, taxonomy, rules) -> tuple[Choice, bool]:
    """`_choose_plain` for a reading with a label, no concept hint and usable breakdown hints,
    as (the choice without the reading's members, whether the reading's members belong on it).

    It reads of the reading only its label, section path, source kind, unit kind, whether it
    comes from a table, whether it is a total, whether it has breakdown hints and whether one is
    a segment: remembered per those (with the taxonomy and the rules), so the breakdown columns of
    a row, which differ only in their members, are decided once."""
    key = (reading.label, reading.path, reading.source_kind, reading.unit_kind, reading.table is not None,
           reading.is_total, bool(reading.dimensions), any(h == "segment" for h, _l in reading.dimensions),
           id(taxonomy), id(rules))
    hit = _label_choice_cache.get(key)
    if hit is not None and hit[0] is taxonomy and hit[1] is rules:
        return hit[2]
    found = _choose_by_label_uncached(reading, taxonomy, rules)
    if len(_label_choice_cache) > 20000:
        _label_choice_cache.clear()
    _label_choice_cache[key] = (taxonomy, rules, found)
    return found


_label_choice_cache: dict[tuple, tuple] = {}


def _choose_by_label_uncached(reading: Reading, taxonomy, rules) -> tuple[Choice, bool]:
    label_rules, member_rules = rules
    norm = normalize_label(reading.label)
    dims = ext_members = ()  # the reading's members are added by `_choose_plain` where this says so
    non_gaap = bool(_NON_GAAP_MARK.search(reading.label))
    # a label saying "non-GAAP" takes only rules written for such wording ("tax effect of non-GAAP adjustments")
    candidates = [r for r in matching_rules(label_rules, norm) if r.fits(reading)
                  and (not non_gaap or (r.concept != "ext:" and any("non gaap" in p.pattern for p in r.patterns if p.fullmatch(norm))))]
    if not candidates and not non_gaap and reading.source_kind == "cash-flow":
        # "Decrease (increase) in inventories", "Increase in deferred revenues": a change line named
        # by its direction; the balance it changes names the line (the sign rule of that line applies)
        bare = _CHANGE_WORDS.sub("", norm)
        if bare != norm and bare:
            candidates = [r for r in matching_rules(label_rules, bare) if r.fits(reading)]
    fuzzy = False
    if not candidates and not non_gaap and len(norm) >= 12:
        # OCR misspellings ("net cash prrovided by ..."): a near match of a literal variant
        near = [r for r in near_rules(label_rules, norm) if r.fits(reading)]
        if near:
            candidates, fuzzy = near, True
    if candidates:
        best = max(candidates, key=lambda r: (r.confidence, -r.line))
        conf = round(best.confidence * (0.9 if fuzzy else 1.0), 3)
        if best.concept.startswith("ext:"):
            # a measure US-GAAP lacks, named by the rule ("ext:Name") or from the label ("ext:")
            label = extension_label(reading)
            name = best.concept[4:] or _camel(label)
            return Choice(None, f"labels.tsv:{best.line} -> extension concept", conf, best.sign, extension_label=label,
                          extension_name=name, dimensions=dims, extension_members=ext_members), True
        return Choice(_qname(best.concept, taxonomy), f"labels.tsv:{best.line}" + (" (near match)" if fuzzy else ""),
                      conf, best.sign, dimensions=dims, extension_members=ext_members), True
    # a product or service line under a revenue or cost-of-revenue section
    if reading.path and reading.table is not None and not reading.is_total and reading.unit_kind == "monetary" \
            and not reading.dimensions:
        section = reading.path[-1]
        snorm = normalize_label(section)
        # the section's rules as they fit a reading of the section's own label, one level up
        sec = [r for r in matching_rules(label_rules, snorm) if r.concept in ("us-gaap:Revenues", "us-gaap:CostOfRevenue")
               and r.fits_at(reading.source_kind, reading.unit_kind, True, reading.path[:-1])]
        if sec and not _COMPANY_MEASURE.search(reading.label):
            best = max(sec, key=lambda r: (r.confidence, -r.line))
            found = _member_for("geography", reading.label, member_rules, taxonomy)
            if found is not None:
                return Choice(_qname(best.concept, taxonomy), f"labels.tsv:{best.line} + members.tsv region (section {section!r})",
                              0.75, best.sign, dimensions=(found,)), False
            if _GEOGRAPHY.search(reading.label):
                return Choice(_qname(best.concept, taxonomy), f"labels.tsv:{best.line} + geographic member (section {section!r})",
                              0.7, best.sign, extension_members=((_qname("srt:StatementGeographicalAxis", taxonomy), member_label(reading.label)),)), False
            found = _member_for("product", reading.label, member_rules, taxonomy)
            if found is not None:
                return Choice(_qname(best.concept, taxonomy), f"labels.tsv:{best.line} + members.tsv (section {section!r})",
                              min(best.confidence, 0.8), best.sign, dimensions=(found,)), False
            return Choice(_qname(best.concept, taxonomy), f"labels.tsv:{best.line} + extension member (section {section!r})",
                          0.7, best.sign, extension_members=((_qname("srt:ProductOrServiceAxis", taxonomy), member_label(reading.label)),)), False
    # "Non-GAAP subscription" under "Cost of revenue": the non-GAAP section total for a product line
    if reading.path and reading.unit_kind == "monetary" and _NON_GAAP_START.match(reading.label):
        rest = _NON_GAAP_PREFIX.sub("", reading.label)
        found = _member_for("product", rest, member_rules, taxonomy)
        section = _RECONCILIATION_WORDS.sub("", reading.path[-1]) or reading.path[-1]
        sec = [r for r in matching_rules(label_rules, normalize_label(section))
               if r.concept in ("us-gaap:Revenues", "us-gaap:CostOfRevenue")
               and r.fits_at(reading.source_kind, reading.unit_kind, reading.table is not None, reading.path[:-1])]
        if found is not None and sec:
            base = sec[0].concept.split(":")[1]
            return Choice(None, f"company measure of section {section!r} + members.tsv", 0.7,
                          extension_label=f"Non-GAAP {_spaced(base)}", extension_name=f"NonGaap{base}",
                          dimensions=(found,)), False
    is_margin = reading.unit_kind == "percent" and _MARGIN.search(reading.label) and not _NOT_A_MARGIN.search(reading.label)
    if is_margin or (
            _COMPANY_MEASURE.search(reading.label) and reading.unit_kind in ("monetary", "per-share", "shares", "percent")
            and not (_RATIO.search(reading.label) and reading.unit_kind != "percent" and "margin" not in reading.label.lower())
            and not _PERCENT_OF.search(reading.label)):
        name, label = company_measure_name(reading.label, reading.unit_kind, label_rules)
        return Choice(None, "company measure -> extension concept", 0.75, extension_label=label, extension_name=name,
                      dimensions=dims, extension_members=ext_members), True
    if taxonomy is not None:
        key = id(taxonomy)
        if key not in _std_cache:
            _std_cache[key] = _standard_label_index(taxonomy)
        q = _std_cache[key].get(norm)
        if q is not None:
            return Choice(q, "taxonomy standard label", 0.65, dimensions=dims, extension_members=ext_members), True
    line = _statement_line_extension(reading, label_rules)
    if line is not None:
        sign = "positive" if reading.source_kind == "cash-flow" and _CASH_FLOW_PAYMENT_RE.match(line) else "as-shown"
        return Choice(None, _FALLBACK_RULE, 0.65, sign,
                      extension_label=line, extension_name=_camel(line), dimensions=dims, extension_members=ext_members), True
    gaap = _GAAP_PREFIX.match(reading.label)
    if gaap:
        # "GAAP gross profit", "GAAP net (loss) income": the standard measure a reconciliation starts from
        # (`_choose_plain` of the rest of the label: no hint, the same breakdown hints, which were usable)
        rest = attrs.evolve(reading, label=reading.label[gaap.end():])
        plain, with_members = (_choose_by_label(rest, taxonomy, rules) if normalize_label(rest.label)
                               else (Choice(None, "", 0.0, reason="the row has no label"), False))
        if plain.concept is not None or plain.extension_label:
            return attrs.evolve(plain, rule=plain.rule + " (GAAP prefix)"), with_members
    where = f" in {reading.source_kind}" + (f" under {' / '.join(reading.path)!r}" if reading.path else "")
    return Choice(None, "", 0.0, reason=f"no rule for label {reading.label!r}{where}"), False


# --------------------------------------------------------------------------- values


_BENEFIT_FIRST = regex.compile(r"^(\(?[a-z]\)\s*)?benefit\b", re.I)
_INCOME_IN_PARENTHESES = regex.compile(r"\(\s*income\s*\)", re.I)


def _signed(value: Decimal, sign: str, reading: Reading, concept: QName | None) -> Decimal:
    label = reading.label.strip()
    if sign == "positive":
        value = abs(value)
    elif sign == "negate":
        value = -value
    name = concept.local_name if concept is not None else ""
    # a gain-or-loss concept read from a cash-flow statement's operating adjustments: the statement
    # adds back a loss and deducts a gain, so the printed value is the negated gain, whatever order
    # the label gives "(gain) loss" or "(loss) gain" in
    if reading.source_kind == "cash-flow" and sign == "as-shown" and "GainLoss" in name \
            and "Proceeds" not in name and "Payments" not in name:
        value = -value
    # "Benefit from (provision for) income taxes": the printed value is a benefit when positive
    if name == "IncomeTaxExpenseBenefit" and _BENEFIT_FIRST.match(label) and sign == "as-shown":
        value = -value
    # "Other (income) expense": the printed value is an expense when positive
    if name in ("OtherNonoperatingIncomeExpense", "NonoperatingIncomeExpense", "InterestIncomeExpenseNet") \
            and _INCOME_IN_PARENTHESES.search(label):
        value = -value
    return value + Decimal(0) if value != 0 else Decimal(0)


def _unit(reading: Reading) -> Unit | None:
    return _unit_of(reading.unit_kind, reading.currency or "USD")


@functools.lru_cache(maxsize=256)
def _unit_of(kind: str, currency: str) -> Unit | None:
    """The unit of a reading's kind and currency: one shared (immutable) instance per value,
    so grouping facts by unit compares and hashes it once."""
    cur = iso4217(currency)
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


_CIK = regex.compile(r"\d{1,10}")
_NOT_IDENT = regex.compile(r"[^A-Za-z0-9._-]")
_NOT_LOWER = regex.compile(r"[^a-z]")
_NOT_LOWER_OR_DIGIT = regex.compile(r"[^a-z0-9]")
_LOWER = regex.compile(r"[a-z]")
_DATE_RANGE = regex.compile(r"(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})")


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
    if value and _CIK.fullmatch(value.strip()):
        return Entity(SEC_CIK_SCHEME, value.strip().zfill(10)), findings
    ident = symbol or file_number or (Path(document.source).stem if document.source else "unknown")
    ident = _NOT_IDENT.sub("-", ident) or "unknown"
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
    base = symbol or (_NOT_LOWER.sub("", name.lower())[:12] if name else "") or (
        _NOT_LOWER.sub("", Path(document.source).stem.split("-")[0].lower()) if document.source else "") or "company"
    prefix = _NOT_LOWER_OR_DIGIT.sub("", base.lower()) or "company"
    if not _LOWER.match(prefix):
        prefix = "c" + prefix
    end = _period_end(readings)
    stamp = end.strftime("%Y%m%d") if end else "00000000"
    return Extension(prefix, f"http://{prefix}.example/{stamp}", f"{prefix}-{stamp}.xsd")


# --------------------------------------------------------------------------- the stage


_FALLBACK_RULE = "statement line without a standard concept -> extension concept"


def _breakdown_labels(readings: Sequence[Reading], taxonomy, rules) -> tuple[dict[tuple, set], list[Choice | None]]:
    """(table, normalized label) of rows read as breakdown members (product lines, regions)
    under a section: the same label elsewhere in that table names the breakdown again (costs
    by product line), not a line item of its own. Values: the rows where it was read so.
    Also each reading's choice (`choose_concept`) where this pass made one, else None, so the
    stage does not look it up a second time."""
    out: dict[tuple, set] = defaultdict(set)
    choices: list[Choice | None] = [None] * len(readings)
    for i, r in enumerate(readings):
        if r.table is None or r.problem is not None or r.period is None:
            continue
        try:
            c = choices[i] = choose_concept(r, taxonomy, rules=rules)
        except Exception:  # noqa: BLE001
            continue
        if "(section" in c.rule:
            out[(r.table, normalize_label(r.label))].add(r.provenance.row if r.provenance.row is not None else r.provenance.line)
    return out, choices


def _cover_date(readings: Sequence[Reading]) -> _dt.date | None:
    """The document date of a cover page (dei:DocumentPeriodEndDate), if one was read."""
    for r in readings:
        if r.concept_hint is not None and r.concept_hint.local_name == "DocumentPeriodEndDate" and r.value:
            if isinstance(r.value, _dt.date):
                return r.value
            try:
                return _dt.date.fromisoformat(str(r.value))
            except ValueError:
                return None
    return None


def _change_base(reading: Reading) -> Duration | None:
    """The comparison period of a change statement: its ("change-from", "start..end") hint."""
    for hint, text in reading.dimensions:
        if hint == "change-from":
            m = _DATE_RANGE.fullmatch(text.strip())
            if m:
                try:
                    return Duration(_dt.date.fromisoformat(m.group(1)), _dt.date.fromisoformat(m.group(2)))
                except ValueError:
                    return None
    return None


class _Builder:
    """Extension concepts and members declared while mapping one filing."""

    def __init__(self, ext: Extension) -> None:
        self.ext = ext
        self.concepts: dict[str, Concept] = {}
        self.members: dict[str, Concept] = {}
        self.contexts: dict[tuple, Context] = {}

    def context(self, entity: Entity, period, dims: Sequence[tuple[QName, QName]]) -> Context:
        """`Context(entity, period, dims)`, one shared (immutable) instance per value: the facts
        of a filing share a few contexts, and grouping them by context then hashes each once
        and compares by identity. Raises ValueError as `Context` does."""
        key = (entity, period, tuple(dims))
        context = self.contexts.get(key)
        if context is None:
            context = self.contexts[key] = Context(entity, period, dims)
        return context

    def concept(self, name: str, label: str, reading: Reading) -> QName:
        q = _qname_of(self.ext.namespace, name, self.ext.prefix)
        if name not in self.concepts:
            period_type = "instant" if isinstance(reading.period, Instant) else "duration"
            self.concepts[name] = Concept(q, _DATA_TYPES.get(reading.unit_kind, _DATA_TYPES["monetary"]), period_type, None,
                                          False, True, "item", ((LABEL_ROLE, label),))
        return q

    def dimensions(self, choice: Choice, reading: Reading, taxonomy) -> list[tuple[QName, QName]]:
        dims = list(choice.dimensions)
        for axis, label in choice.extension_members:
            local = _camel(label) + "Member"
            member = _qname_of(self.ext.namespace, local, self.ext.prefix)
            if local not in self.members:
                self.members[local] = Concept(member, QName("http://www.xbrl.org/dtr/type/2022-03-31", "domainItemType", "dtr-types"),
                                              "duration", None, True, True, "item", ((LABEL_ROLE, label),))
            dims.append((axis, member))
        if reading.forecast:
            dims.append((_qname("srt:StatementScenarioAxis", taxonomy), _qname("srt:ScenarioForecastMember", taxonomy)))
        if reading.range in ("minimum", "maximum"):
            member = "srt:MinimumMember" if reading.range == "minimum" else "srt:MaximumMember"
            dims.append((_qname("srt:RangeAxis", taxonomy), _qname(member, taxonomy)))
        return dims


def map_readings(readings: Sequence[Reading], taxonomy=None, *, document: DocumentInfo = DocumentInfo(),
                 cik: str | None = None) -> Result:
    """Map readings into a Report.

    Guarantees: only readings with a clean value, a period and a concept chosen with
    confidence >= MIN_CONFIDENCE become numeric facts; every other numeric reading is
    an `FM-MAP-UNMAPPED` finding (or was already reported by extraction when it has a
    `problem`); facts that share concept, context and unit agree within the precision
    each is stated in (see `_resolve_duplicates`); fact ids are `f-1`, `f-2`, ... in
    reading order; change statements become `Claim`s on `report.claims`, never facts;
    cover items without a period take the cover's document date; the Report's findings
    are empty (they travel on the Result)."""
    rules = load_rules()
    findings: list[Finding] = []
    entity, more = _entity(readings, cik, document)
    findings.extend(more)
    ext = _extension(readings, document, entity)
    build = _Builder(ext)
    cover_date = _cover_date(readings)
    candidates: list[tuple[Reading, Fact, Choice]] = []
    changes: list[Reading] = []
    plain_eps: list[Reading] = []
    breakdown_rows, chosen = _breakdown_labels(readings, taxonomy, rules)
    basis_rows = _basis_rows(readings)
    known_in_taxonomy: dict[QName, Concept | None] = {}  # `_taxonomy_concept` per concept, looked up once
    dims_of: dict[tuple, tuple] = {}  # (choice, forecast, range) -> (choice, `build.dimensions`), made once
    # (period, dimensions) objects -> (period, dimensions, `build.context`): the cells of a column share
    # their period object; an entry keeps its objects, so their ids are not reused
    context_of: dict[tuple[int, int], tuple] = {}
    for n, reading in enumerate(readings):
        if reading.problem is not None:
            if reading.problem == "change statement":
                changes.append(reading)
            continue
        if (reading.period is None and cover_date is not None and reading.value is not None
                and reading.concept_hint is not None and "/dei/" in reading.concept_hint.namespace):
            reading = attrs.evolve(reading, period=Duration(cover_date, cover_date))
        if reading.period is None or reading.value is None:
            if reading.value is not None:
                findings.append(Finding("FM-MAP-UNMAPPED", "info", f"{reading.label!r} {reading.raw!r}: no period",
                                        location=reading.provenance))
            continue
        # the choice `_breakdown_labels` made for this reading is what `choose_concept` answers again
        # (a cover item given the document date differs only in its period, which the choice ignores)
        choice = chosen[n]
        if choice is None:
            try:
                choice = choose_concept(reading, taxonomy, rules=rules)
            except Exception as exc:  # noqa: BLE001 - a crashing rule becomes a finding
                findings.append(Finding("FM-INTERNAL", "error", f"mapping {reading.label!r}: {exc}", location=reading.provenance))
                continue
        if (choice.concept is None and not choice.extension_label and reading.unit_kind == "monetary"
                and not reading.dimensions and reading.table is not None
                and (reading.table, reading.provenance.row if reading.provenance.row is not None else reading.provenance.line) in basis_rows
                and _TAX_EFFECTS_LINE.fullmatch(normalize_label(reading.label))):
            choice = _tax_effects_gaap_choice(taxonomy)  # the GAAP column of an "income tax effects" line
        if choice.concept is None and not choice.extension_label and _is_plain_eps(reading):
            plain_eps.append(reading)
            continue
        if choice.rule.startswith(_FALLBACK_RULE):
            rows_as_member = breakdown_rows.get((reading.table, normalize_label(reading.label)), set())
            here = reading.provenance.row if reading.provenance.row is not None else reading.provenance.line
            if rows_as_member - {here}:
                choice = Choice(None, "", 0.0, reason=f"{reading.label!r} names a breakdown member elsewhere in the table")
        concept = choice.concept
        if concept is None and choice.extension_label:
            concept = build.concept(choice.extension_name or _camel(choice.extension_label), choice.extension_label, reading)
        if concept is None or choice.confidence < MIN_CONFIDENCE:
            why = choice.reason or f"confidence {choice.confidence:.2f} below {MIN_CONFIDENCE}"
            findings.append(Finding("FM-MAP-UNMAPPED", "info", f"{reading.label!r} {reading.raw!r}: {why}",
                                    location=reading.provenance))
            continue
        if concept.namespace == ext.namespace:
            known = build.concepts.get(concept.local_name)
        else:
            known = known_in_taxonomy.get(concept, _UNREPORTED)
            if known is _UNREPORTED:
                known = known_in_taxonomy[concept] = _taxonomy_concept(taxonomy, concept)
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
        # the dimensions depend only on the choice and the reading's forecast and range (a table's
        # cells share their row's choice); the entry keeps its choice, so an id is not reused
        dims_key = (id(choice), reading.forecast, reading.range)
        dims = dims_of.get(dims_key)
        if dims is None or dims[0] is not choice:
            dims = dims_of[dims_key] = (choice, tuple(build.dimensions(choice, reading, taxonomy)))
        hit = context_of.get((id(period), id(dims[1])))
        if hit is not None and hit[0] is period and hit[1] is dims[1]:
            context = hit[2]
        else:
            try:
                context = build.context(entity, period, dims[1])
            except ValueError as exc:
                findings.append(Finding("FM-MAP-UNMAPPED", "info", f"{reading.label!r}: {exc}", location=reading.provenance))
                continue
            context_of[(id(period), id(dims[1]))] = (period, dims[1], context)
        if isinstance(reading.value, Decimal):
            unit = _unit(reading)
            if unit is None:
                continue
            value = _signed(reading.value, choice.sign, reading, concept)
            decimals = reading.decimals if reading.decimals is not None else INF
            fact = _Draft(concept, context, value, unit, decimals, None, reading.provenance)
        else:
            fact = _Draft(concept, context, reading.value, None, None, None, reading.provenance)
        candidates.append((reading, fact, choice))
    more = _plain_eps_facts(plain_eps, candidates, taxonomy, entity, build)
    findings.extend(f for f in more if isinstance(f, Finding))
    candidates.extend(c for c in more if not isinstance(c, Finding))
    candidates = _elimination_signs(candidates)
    # the duplicate-fact groups, shared by the passes below; made again only after a pass changed a fact
    groups = _fact_groups(candidates)
    adjusted = _keep_segment_word(candidates, build, taxonomy, groups)
    if adjusted is not candidates:
        candidates, groups = adjusted, _fact_groups(adjusted)
    adjusted = _equity_including_noncontrolling(candidates, taxonomy)
    if adjusted is not candidates:
        candidates, groups = adjusted, _fact_groups(adjusted)
    adjusted, more = _split_parts_from_totals(candidates, build, groups)
    if adjusted is not candidates:
        candidates, groups = adjusted, _fact_groups(adjusted)
    findings.extend(more)
    kept, more = _resolve_duplicates(candidates, groups)
    findings.extend(more)
    facts = [_numbered(f, i) for i, (_r, f, _c) in enumerate(kept, 1)]
    claims = _change_claims(changes, taxonomy, rules, entity, build)
    used_ext = {f.concept.local_name for f in facts if f.concept.namespace == ext.namespace}
    used_members = {m.local_name for f in facts for _a, m in f.context.dimensions if m.namespace == ext.namespace}
    concepts = [c for n, c in sorted(build.concepts.items()) if n in used_ext]
    concepts += [c for n, c in sorted(build.members.items()) if n in used_members]
    networks, abstracts = _presentation(kept, facts, ext)
    concepts += abstracts
    networks += calculation_networks(kept, facts, ext, _concept_lookup(taxonomy, build, ext))
    entry_points = tuple(getattr(taxonomy, "entry_points", ()) or ()) or DEFAULT_ENTRY_POINTS
    report = Report(facts=facts, entity=entity, concepts=concepts, networks=networks, entry_points=entry_points,
                    extension=ext, document=document, claims=claims)
    return Result(report, findings)


class _Draft(NamedTuple):
    """A fact while the stage may still change its value, concept or context: the fields of a
    `Fact` but its id. Each kept draft becomes one `Fact`, with its id, at the end (`_numbered`),
    rather than a Fact per change and another for the id."""

    concept: QName
    context: Context
    value: object
    unit: Unit | None
    decimals: object
    language: str | None
    provenance: Provenance | None


def _numbered(fact: Fact | _Draft, n: int) -> Fact:
    """The fact with id "f-n": `attrs.evolve(fact, id=...)` spelled out (of a `Fact` or a `_Draft`),
    as it runs once per fact."""
    return Fact(fact.concept, fact.context, fact.value, fact.unit, fact.decimals, f"f-{n}", fact.language,
                fact.provenance)


_PLAIN_EPS = regex.compile(r"^(gaap |reported )?(eps|earnings per share|net (income|earnings|loss|income loss|loss income) per share)$")
_EPS_NAMES = ("EarningsPerShareDiluted", "EarningsPerShareBasicAndDiluted", "EarningsPerShareBasic")


def _is_plain_eps(reading: Reading) -> bool:
    """A prose or outlook per-share amount called just "earnings per share" (or "EPS"), which
    does not say whether it is basic or diluted."""
    return (reading.source_kind in ("narrative", "guidance") and reading.unit_kind == "per-share"
            and not reading.dimensions and bool(_PLAIN_EPS.match(normalize_label(reading.label))))


def _plain_eps_facts(readings: Sequence[Reading], candidates: list, taxonomy, entity: Entity, build: _Builder) -> list:
    """Facts (as (reading, fact, choice) candidates) and findings for "earnings per share" said
    in prose or guidance without "basic" or "diluted". A figure about a reported period takes
    the concept of the statement's earnings-per-share line it agrees with for the same period
    (diluted first, then basic-and-diluted, then basic); one that agrees with none is not
    emitted. Guidance is diluted, as earnings guidance is given; a company whose statements
    show one basic-and-diluted line gets that concept instead."""
    out: list = []
    if not readings:
        return out
    stated: dict[str, list[Fact]] = defaultdict(list)
    for r, f, _c in candidates:
        if (f.concept.local_name in _EPS_NAMES and f.concept.namespace == US_GAAP_NS and not f.context.dimensions
                and r.source_kind in STATEMENT_KINDS):
            stated[f.concept.local_name].append(f)
    for reading in readings:
        value = reading.value
        if reading.forecast:
            name = "EarningsPerShareBasicAndDiluted" if stated.get("EarningsPerShareBasicAndDiluted") and not \
                stated.get("EarningsPerShareDiluted") else "EarningsPerShareDiluted"
            rule = "guidance earnings per share -> diluted"
        else:
            name = None
            probe = _Draft(QName(US_GAAP_NS, "EarningsPerShareDiluted", "us-gaap"), Context(entity, reading.period),
                           value, _unit(reading), reading.decimals if reading.decimals is not None else INF, None,
                           reading.provenance)
            for exact in (True, False):  # the same printed amount first, then agreement within rounding
                for candidate in _EPS_NAMES:
                    same = [f for f in stated.get(candidate, ()) if f.context.period == reading.period]
                    if same and (all(f.value == value for f in same) if exact else _agree(same + [probe])):
                        name = candidate
                        break
                if name is not None:
                    break
            rule = f"earnings per share agreeing with the statement's {name}"
            if name is None:
                out.append(Finding("FM-MAP-UNMAPPED", "info",
                                   f"{reading.label!r} {reading.raw!r}: basic or diluted is not said and no statement "
                                   f"line of that period agrees", location=reading.provenance))
                continue
        concept = _qname(f"us-gaap:{name}", taxonomy)
        if taxonomy is not None and _taxonomy_concept(taxonomy, concept) is None:
            continue
        choice = Choice(concept, rule, 0.8)
        try:
            context = build.context(entity, reading.period, build.dimensions(choice, reading, taxonomy))
        except ValueError:
            continue
        fact = _Draft(concept, context, value + Decimal(0), _unit(reading),
                      reading.decimals if reading.decimals is not None else INF, None, reading.provenance)
        out.append((reading, fact, choice))
    return out


def _change_claims(changes: Sequence[Reading], taxonomy, rules, entity: Entity, build: _Builder) -> list[Claim]:
    """Change statements ("revenue grew 15% from the third quarter of 2012") whose measure
    maps to a concept and whose both periods are known, as `Claim`s of kind "change": value
    in percent as stated (0.15 read -> 15), decimals shifted to match."""
    claims: list[Claim] = []
    for reading in changes:
        if reading.unit_kind != "percent":
            continue  # a change in money ("an increase of $656 million") is not a percentage claim
        base = _change_base(reading)
        if base is None or reading.period is None or not isinstance(reading.value, Decimal):
            continue
        measure = attrs.evolve(reading, unit_kind="monetary", problem=None, currency=reading.currency or "USD",
                               dimensions=tuple(d for d in reading.dimensions if d[0] not in _NOT_BREAKDOWN_HINTS))
        try:
            choice = choose_concept(measure, taxonomy, rules=rules)
        except Exception:  # noqa: BLE001
            continue
        concept = choice.concept
        if concept is None and choice.extension_label and choice.confidence >= MIN_CONFIDENCE:
            concept = QName(build.ext.namespace, choice.extension_name or _camel(choice.extension_label), build.ext.prefix)
        if concept is None or choice.confidence < MIN_CONFIDENCE:
            continue
        try:
            dims = build.dimensions(choice, measure, taxonomy)
            current = build.context(entity, reading.period, dims)
            previous = build.context(entity, base, dims)
        except ValueError:
            continue
        decimals = reading.decimals if reading.decimals is not None else INF
        value = reading.value * 100
        decimals = decimals if decimals is INF else int(decimals) - 2
        claims.append(Claim("change", concept, current, previous, value + Decimal(0), decimals, reading.provenance))
    return claims


def _is_elimination(fact: Fact) -> bool:
    return any(m.local_name == "ConsolidationEliminationsMember" for _a, m in fact.context.dimensions)


def _elimination_signs(candidates: list) -> list:
    """A consolidating column of eliminations shows adjustments with their own sign, so the
    "printed in parentheses only to show subtraction" convention of a line (sign rule
    `positive`) is read from the same row's other columns: where the row prints its amounts
    in parentheses, an elimination's sign is reversed, otherwise kept. An elimination on such
    a line whose row shows no other amount is dropped (its sign cannot be known)."""
    rows: dict[tuple, list[Decimal]] = defaultdict(list)
    for r, f, c in candidates:
        if c.sign == "positive" and not _is_elimination(f) and isinstance(r.value, Decimal) and r.value != 0:
            rows[(r.table, r.provenance.row, r.label)].append(r.value)
    out = []
    for r, f, c in candidates:
        if c.sign == "positive" and _is_elimination(f) and isinstance(r.value, Decimal):
            seen = rows.get((r.table, r.provenance.row, r.label), [])
            if not seen or (any(v < 0 for v in seen) and any(v > 0 for v in seen)):
                continue
            value = -r.value if seen[0] < 0 else r.value
            f = f._replace(value=value + Decimal(0) if value != 0 else Decimal(0))
        out.append((r, f, c))
    return out


_SEGMENT_WORD = regex.compile(r"\s+segments?$", re.I)


def _kept_member_label(label: str) -> str:
    """`member_label` without dropping a trailing "Segment" ("Financial Products Segment")."""
    return _LEADING_TOTAL_ANY_CASE.sub("", _clean_label(label)) or label


def _fact_groups(candidates: list) -> dict[tuple, list[int]]:
    """The candidates' indices by (concept, context, unit), the duplicate-fact key, in order of
    first occurrence."""
    groups: dict[tuple, list[int]] = defaultdict(list)
    for i, (_r, f, _c) in enumerate(candidates):
        groups[(f.concept, f.context, f.unit)].append(i)
    return groups


def _keep_segment_word(candidates: list, build: _Builder, taxonomy, groups: dict | None = None) -> list:
    """Member labels are merged by dropping a trailing "Segment" ("Financial Products Segment" and
    "Financial Products" name one member). When a release uses both forms for different values
    (facts of one concept and context that disagree), they are different members: every reading
    of the release whose breakdown label ends in "Segment" then keeps the word in its member
    name ("FinancialProductsSegmentMember"), in every table, so the release stays consistent.
    `groups` is `_fact_groups(candidates)` when the caller has it. Returns `candidates` itself
    when no label has to keep the word."""
    groups = _fact_groups(candidates) if groups is None else groups
    keep: set[str] = set()
    ns = build.ext.namespace
    for (_concept, context, unit), idxs in groups.items():
        # numeric facts whose (shared) context has an extension member
        if len(idxs) < 2 or unit is None or not any(m.namespace == ns for _a, m in context.dimensions):
            continue
        if _agree([candidates[i][1] for i in idxs]):
            continue
        labels = {i: [lab for _h, lab in candidates[i][0].dimensions if _SEGMENT_WORD.search(lab.strip())] for i in idxs}
        with_word = {normalize_label(lab) for i in idxs for lab in labels[i]}
        if with_word and any(not labels[i] for i in idxs):
            keep |= with_word
    if not keep:
        return candidates
    out = []
    for r, f, c in candidates:
        renamed = {member_label(lab): _kept_member_label(lab) for _h, lab in r.dimensions if normalize_label(lab) in keep}
        if renamed and c.extension_members:
            members = tuple((a, renamed.get(lab, lab)) for a, lab in c.extension_members)
            if members != c.extension_members:
                c = attrs.evolve(c, extension_members=members)
                try:
                    context = build.context(f.context.entity, f.context.period, build.dimensions(c, r, taxonomy))
                except ValueError:
                    continue
                f = f._replace(context=context)
        out.append((r, f, c))
    return out


_TOTAL_LINE = regex.compile(r"^\s*total\b", re.I)


def _equity_including_noncontrolling(candidates: list, taxonomy) -> list:
    """A balance sheet's equity total printed below a noncontrolling-interests line of the same
    table ("Noncontrolling interests" then "Total shareholders' equity") includes that portion:
    it is `StockholdersEquityIncludingPortionAttributableToNoncontrollingInterest`, not
    `StockholdersEquity` (which a release would print above the noncontrolling line).
    Returns `candidates` itself when no fact changes."""
    nci_rows: dict[int, int] = {}
    for r, f, _c in candidates:
        if r.source_kind == "balance-sheet" and r.table is not None and f.concept.local_name == "MinorityInterest" \
                and f.concept.namespace == US_GAAP_NS:
            row = r.provenance.row if r.provenance.row is not None else (r.provenance.line or 0)
            nci_rows[r.table] = min(row, nci_rows.get(r.table, row))
    if not nci_rows:
        return candidates
    target = _qname("us-gaap:StockholdersEquityIncludingPortionAttributableToNoncontrollingInterest", taxonomy)
    if taxonomy is not None and _taxonomy_concept(taxonomy, target) is None:
        return candidates
    out = []
    changed = False
    for r, f, c in candidates:
        row = r.provenance.row if r.provenance.row is not None else (r.provenance.line or 0)
        if (r.source_kind == "balance-sheet" and r.table in nci_rows and row > nci_rows[r.table]
                and f.concept.local_name == "StockholdersEquity" and f.concept.namespace == US_GAAP_NS
                and _TOTAL_LINE.match(r.label)):
            f = f._replace(concept=target)
            c = attrs.evolve(c, concept=target, rule=c.rule + " (total below noncontrolling interests)")
            changed = True
        out.append((r, f, c))
    return out if changed else candidates


# kinds whose figures are totals that a statement line may be only part of
_TOTAL_SOURCES = ("reconciliation", "cash-flow", "supplemental")
_INCOME_LOSS = regex.compile(r"(IncomeLoss|ProfitLoss|IncomeLossFrom\w*)$")


def _agree(facts: Sequence[Fact | _Draft]) -> bool:
    """True when the facts could all report the same value: numeric values whose precision
    intervals share a point, or equal non-numeric values."""
    if not facts:
        return False
    if any(f.unit is None or not isinstance(f.value, Decimal) for f in facts):
        return len({f.value for f in facts}) == 1
    # equal values stated to equal decimals have one interval, which meets itself
    value, decimals = facts[0].value, facts[0].decimals
    if all(f.value == value and f.decimals == decimals for f in facts):
        return True
    # `intersect_all` of the intervals `interval(value, decimals)` = value -/+ `half_unit(decimals)`:
    # they share a point when the greatest low end is not above the least high end
    halves = [half_unit(f.decimals if f.decimals is not None else INF) for f in facts]  # type: ignore[arg-type]
    return max(f.value - h for f, h in zip(facts, halves)) <= min(f.value + h for f, h in zip(facts, halves))


def _split_parts_from_totals(candidates: list, build: _Builder, groups: dict | None = None) -> tuple[list, list[Finding]]:
    """An income-statement line and a reconciliation or cash-flow figure mapped to the same
    concept and context that disagree, with the statement line smaller, are two concepts:
    the statement shows only the part of the total in one expense line ("Amortization of
    purchased intangibles" 224 among operating expenses vs the reconciliation's total 691).
    Every value of that statement row then becomes an extension concept named from its label;
    the total keeps the standard concept. `groups` is `_fact_groups(candidates)` when the caller
    has it; the candidates come back as they are (the same list) when no row is split."""
    groups = _fact_groups(candidates) if groups is None else groups
    rows: set[tuple] = set()
    for (_concept, _context, unit), idxs in groups.items():
        if unit is None:
            continue
        # monetary values only: a share count is not part of another
        monetary = [(i, candidates[i][0]) for i in idxs if candidates[i][0].unit_kind == "monetary"]
        parts = [i for i, r in monetary if r.source_kind == "income-statement"]
        totals = [i for i, r in monetary if r.source_kind in _TOTAL_SOURCES]
        if not parts or not totals:
            continue
        pf = [candidates[i][1] for i in parts]
        tf = [candidates[i][1] for i in totals]
        if _agree(pf + tf) or not _agree(pf) or not _agree(tf):
            continue
        if all(abs(p.value) < abs(t.value) for p in pf for t in tf):  # type: ignore[arg-type]
            for i in parts:
                r, f, _c = candidates[i]
                rows.add((f.concept, r.table, r.label))
    if not rows:
        return candidates, []
    out, findings = [], []
    for r, f, c in candidates:
        if r.source_kind == "income-statement" and (f.concept, r.table, r.label) in rows:
            label = extension_label(r)
            q = build.concept(_camel(label), label, r)
            findings.append(Finding("FM-MAP-PART", "info",
                                    f"{r.label!r} {r.raw!r}: a statement line that is part of the total "
                                    f"{f.concept.prefixed} reported elsewhere; tagged {q.prefixed}", location=r.provenance))
            f = f._replace(concept=q)
            c = attrs.evolve(c, concept=None, extension_label=label, extension_name=q.local_name)
        out.append((r, f, c))
    return out, findings


def _resolve_duplicates(candidates: list[tuple[Reading, Fact, Choice]], groups: dict | None = None) -> tuple[list, list[Finding]]:
    """Facts for one concept, context and unit must agree within the precision each is stated
    in ($45.2 million, decimals -5, agrees with 45,192 thousand): agreeing duplicates are all
    kept. Prose states losses as amounts ("net loss of $0.7 million"): a narrative value of an
    income-or-loss concept that agrees once negated takes the sign. Otherwise the values of the
    best-ranked source must agree among themselves; they are kept with the others that agree
    with them, the rest dropped with an `FM-MAP-DUPLICATE` finding; when the best-ranked
    sources disagree among themselves, none is emitted. `groups` is `_fact_groups(candidates)`
    when the caller has it."""
    groups = _fact_groups(candidates) if groups is None else groups
    drop: set[int] = set()
    replace: dict[int, Fact] = {}
    findings: list[Finding] = []
    for key, idxs in groups.items():
        if len(idxs) < 2:
            continue
        facts = {i: candidates[i][1] for i in idxs}
        if _agree(list(facts.values())):
            continue
        if _INCOME_LOSS.search(key[0].local_name):
            prose = [i for i in idxs if candidates[i][0].source_kind in ("narrative", "guidance")
                     and isinstance(facts[i].value, Decimal) and facts[i].value > 0]
            flipped = {i: facts[i]._replace(value=-facts[i].value) for i in prose}
            trial = {**facts, **flipped}
            others = [facts[i] for i in idxs if i not in prose]
            if prose and others and _agree(others) and _agree(list(trial.values())):
                replace.update(flipped)
                continue
        rank = {i: SOURCE_RANK.get(candidates[i][0].source_kind, 3) for i in idxs}
        best_rank = min(rank.values())
        best = [i for i in idxs if rank[i] == best_rank]
        if _agree([facts[i] for i in best]):
            losers = [i for i in idxs if i not in best and not _agree([facts[j] for j in best] + [facts[i]])]
            drop.update(losers)
            shown = next(iter(facts[best[0]].value for _ in (0,)))
            for i in losers:
                r, f, _c = candidates[i]
                findings.append(Finding("FM-MAP-DUPLICATE", "warning",
                                        f"{f.concept.prefixed} {f.context.id}: {r.raw!r} ({r.source_kind}) disagrees with "
                                        f"{shown} from a primary source; the primary value is kept",
                                        location=r.provenance))
            continue
        drop.update(idxs)
        r0 = candidates[idxs[0]][0]
        values = {str(facts[i].value) for i in idxs}
        findings.append(Finding("FM-MAP-DUPLICATE", "warning",
                                f"{key[0].prefixed} {key[1].id}: sources of the same rank disagree "
                                f"({', '.join(sorted(values))}); none is emitted",
                                location=r0.provenance))
    out = []
    for i, (r, f, c) in enumerate(candidates):
        if i in drop:
            continue
        out.append((r, replace.get(i, f), c))
    return out, findings


def _presentation(kept, facts: Sequence[Fact], ext: Extension) -> tuple[list[Network], list[Concept]]:
    """One presentation network per statement table: an abstract heading over the
    table's concepts in row order."""
    by_table: dict[int, dict[QName, None]] = defaultdict(dict)  # concepts in order of first row
    kinds: dict[int, str] = {}
    for (reading, _f, _c), fact in zip(kept, facts):
        if reading.table is None or reading.source_kind not in STATEMENT_KINDS:
            continue
        by_table[reading.table].setdefault(fact.concept, None)
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


# --------------------------------------------------------------------------- calculations


MAX_CALC_ITEMS = 12        # rows a summation may take from above its total
MAX_FREE_WEIGHTS = 4       # items whose weight neither balances nor the printed signs decide, tried both ways


def _concept_lookup(taxonomy, build: _Builder, ext: Extension):
    """QName -> Concept for the report's concepts: extension ones from `build`, others from the
    taxonomy. Answers are remembered, so call it after `build` holds every extension concept."""
    cache: dict[QName, Concept | None] = {}

    def lookup(q: QName) -> Concept | None:
        try:
            return cache[q]
        except KeyError:
            pass
        c = build.concepts.get(q.local_name) if q.namespace == ext.namespace else _taxonomy_concept(taxonomy, q)
        cache[q] = c
        return c
    return lookup


def _binding_index(facts: Sequence[Fact], concepts: set[QName] | None = None,
                   ) -> dict[QName, dict[int, tuple[Decimal, Decimal] | None]]:
    """concept -> (context, unit), numbered -> the interval (low, high) that concept's numeric facts there
    agree on (`_set_interval`), None when they disagree or carry excess digits. Computed once per
    report, so `summation_holds` only adds intervals. With `concepts`, only those concepts' entries."""
    groups: dict[QName, dict[int, list[Fact]]] = defaultdict(lambda: defaultdict(list))
    keys: dict[tuple, int] = {}  # (context, unit) -> a small int, so lookups do not hash contexts again
    for f in facts:
        if f.unit is not None and isinstance(f.value, Decimal) and (concepts is None or f.concept in concepts):
            groups[f.concept][keys.setdefault((f.context, f.unit), len(keys))].append(f)
    ends: dict[tuple, tuple[Decimal, Decimal] | None] = {}  # shared by the facts of equal value and decimals
    index: dict[QName, dict[int, tuple[Decimal, Decimal] | None]] = {}
    for q, by_key in groups.items():
        index[q] = {key: _set_interval(group, ends) for key, group in by_key.items()}
    return index


def _set_interval(facts: Sequence[Fact], ends: dict | None = None) -> tuple[Decimal, Decimal] | None:
    """The interval (low, high) duplicate facts agree on; None when they disagree or carry excess
    digits (Calculations 1.1 then skips the binding). `ends` remembers each (value, decimals)'s
    interval: equal values give equal intervals, and only their numbers are compared and added."""
    ends = {} if ends is None else ends
    found = []
    for f in facts:
        key = (f.value, f.decimals)
        end = ends.get(key, _UNREPORTED)
        if end is _UNREPORTED:
            if excess_digits_in(f.value, f.decimals):  # type: ignore[arg-type]
                end = None
            else:  # `interval(value, decimals)`'s ends
                h = half_unit(f.decimals)  # type: ignore[arg-type]
                end = (f.value - h, f.value + h)
            ends[key] = end
        if end is None:
            return None
        found.append(end)
    if len(found) == 1:
        return found[0]  # one interval meets itself
    # `intersect_all`: the intervals meet when the greatest low is not above the least high
    low, high = max(e[0] for e in found), min(e[1] for e in found)  # type: ignore[index]
    return (low, high) if low <= high else None


_UNREPORTED = object()
_ZERO = Decimal(0)


def _holds_signed(total_map: dict, signed_maps: Sequence[dict]) -> bool:
    """`_holds` for weights of +1 and -1 only, given each item's binding-index entry already
    multiplied by its weight (`_negated` for -1): the same sums, without the multiplications."""
    complete = 0
    n_items = len(signed_maps)
    for key, reported in total_map.items():
        if reported is None:
            continue
        low = high = _ZERO
        bound = 0
        for by_key in signed_maps:
            iv = by_key.get(key, _UNREPORTED)
            if iv is _UNREPORTED:
                continue
            if iv is None:
                break  # a binding skipped: this context and unit do not count
            low += iv[0]
            high += iv[1]
            bound += 1
        else:
            if not bound:
                continue
            # the intervals [reported] and [low, high] (each low <= high) do not meet
            if reported[0] > high or low > reported[1]:
                return False
            if bound == n_items:
                complete += 1
    return complete > 0


def _fails_at(reported: tuple[Decimal, Decimal], intervals: Sequence[tuple], weights: Sequence[Decimal]) -> bool:
    """True when `_holds_signed` returns False at one context and unit already: `reported` is the
    total's interval there, `intervals` each item's (entry, entry times -1) there (`_UNREPORTED`
    where the item is not reported, None where its binding is skipped). The same additions in
    the same order as `_holds_signed` makes; False (not decided here) when the binding is skipped."""
    low = high = _ZERO
    bound = 0
    for (plus, minus), w in zip(intervals, weights):
        iv = plus if w > 0 else minus
        if iv is _UNREPORTED:
            continue
        if iv is None:
            return False  # `_holds_signed` skips this context and unit
        low += iv[0]
        high += iv[1]
        bound += 1
    return bound > 0 and (reported[0] > high or low > reported[1])


def _sums_exact(at_first: Sequence[tuple]) -> bool:
    """Whether every sum of up to MAX_CALC_ITEMS of these (plus, minus) interval ends, however
    ordered, is exact in the current decimal context: no such sum needs more digits than the
    context keeps (each end is below 10**(top + 1) and a multiple of 10**bottom, so a sum of
    twelve is below 10**(top + 3)). Then every order of adding gives the same sums."""
    top = bottom = None
    for plus, _minus in at_first:  # the minus ends are the plus ends negated: the same digits
        if plus is _UNREPORTED or plus is None:
            continue
        for end in plus:
            if not end.is_finite():
                return False
            a, e = end.adjusted(), end.as_tuple().exponent
            top = a if top is None or a > top else top
            bottom = e if bottom is None or e < bottom else bottom
    return top is None or top + 3 - bottom <= getcontext().prec


def _first_key_verdicts(reported: tuple[Decimal, Decimal], at_first: Sequence[tuple], fixed: Sequence[Decimal | None],
                        first: Sequence[Decimal]) -> tuple[list[bool], list[bool]]:
    """For each run length L (the last L items of `at_first`): whether `_fails_at(reported,
    at_first[-L:], first[-L:])`, and whether it holds for every weights `_weight_options` may give
    (the fixed weights kept, each other either way): the run's interval with each free item's
    widest end (the lower of its two lows, the higher of its two highs) misses `reported`.

    The sums are built once, from the last item up, not once per length from its first item:
    the caller makes sure they are exact (`_sums_exact`), so they equal `_fails_at`'s."""
    n = len(at_first)
    fails_first = [False] * (n + 1)
    fails_every = [False] * (n + 1)
    low = high = wide_low = wide_high = _ZERO
    bound = 0
    for length in range(1, n + 1):
        k = n - length
        plus, minus = at_first[k]
        if plus is None:
            break  # a skipped binding: `_fails_at` decides nothing for this run or a longer one
        if plus is not _UNREPORTED:
            bound += 1
            iv = plus if first[k] > 0 else minus
            low += iv[0]
            high += iv[1]
            if fixed[k] is None:
                wide_low += min(plus[0], minus[0])
                wide_high += max(plus[1], minus[1])
            else:
                wide_low += iv[0]
                wide_high += iv[1]
        if bound:
            fails_first[length] = reported[0] > high or low > reported[1]
            fails_every[length] = reported[0] > wide_high or wide_low > reported[1]
    return fails_first, fails_every


def _negated(bindings: dict) -> dict:
    """A binding-index entry times -1: (low, high) becomes (-high, -low). The ends are Decimals
    already rounded to the context, so negating is exact, as multiplying by -1 is."""
    return {key: None if iv is None else (-iv[1], -iv[0]) for key, iv in bindings.items()}


def summation_holds(total: QName, items: Sequence[tuple[QName, Decimal]], index) -> bool:
    """True when the summation `total` = sum(weight * item) is consistent in every context and
    unit where it binds in XBRL Calculations 1.1 (the total and at least one item reported,
    round-to-nearest intervals from `decimals`), and binds completely (every item reported) in
    at least one of them. `index` is `_binding_index(report facts)`."""
    return _holds(index.get(total, {}), [(index.get(item, {}), weight) for item, weight in items])


def _holds(total_map: dict, item_maps: Sequence[tuple[dict, Decimal]]) -> bool:
    """`summation_holds` on the total's and the items' entries of the binding index."""
    complete = 0
    n_items = len(item_maps)
    for key, reported in total_map.items():
        if reported is None:
            continue
        low = high = _ZERO
        bound = 0
        blocked = False
        for by_key, weight in item_maps:
            iv = by_key.get(key, _UNREPORTED)
            if iv is _UNREPORTED:
                continue
            if iv is None:
                blocked = True
                break
            a, b = iv[0] * weight, iv[1] * weight
            low, high = (low + a, high + b) if a <= b else (low + b, high + a)
            bound += 1
        if blocked or not bound:
            continue
        if max(reported[0], low) > min(reported[1], high):
            return False
        if bound == n_items:
            complete += 1
    return complete > 0


def _item_weights(total: "_CalcRow", items: Sequence["_CalcRow"], lookup) -> tuple[list[Decimal | None], list[Decimal]]:
    """Per item under `total`: the weight XBRL 2.1 fixes where both concepts have a balance
    (same balance +1, opposite -1; None where it is not fixed) and the weight the printed signs
    give (a printed total is the sum of the printed lines). Both depend only on the two rows."""
    fixed: list[Decimal | None] = []
    printed: list[Decimal] = []
    tb = total.balance(lookup)
    for item in items:
        ib = item.balance(lookup)
        if tb and ib:
            fixed.append(_ONE if tb == ib else _MINUS_ONE)
        else:
            fixed.append(None)
        printed.append(_ONE if item.printed * total.printed > 0 else _MINUS_ONE)
    return fixed, printed


def _weight_options(fixed: Sequence[Decimal | None], printed: Sequence[Decimal]) -> Iterable[tuple[Decimal, ...]]:
    """Weights to try for items with these `_item_weights`: the fixed ones where fixed, the
    others first following the printed signs, then, when few, every combination."""
    first = tuple(f if f is not None else p for f, p in zip(fixed, printed))
    yield first
    free = [i for i, f in enumerate(fixed) if f is None]
    if not free or len(free) > MAX_FREE_WEIGHTS:
        return
    for mask in range(1 << len(free)):
        w = list(fixed)
        for bit, i in enumerate(free):
            w[i] = _MINUS_ONE if mask >> bit & 1 else _ONE
        option = tuple(w)  # type: ignore[arg-type]
        if option != first:
            yield option


_ONE, _MINUS_ONE = Decimal(1), Decimal(-1)


@attrs.define
class _CalcRow:
    concept: QName
    printed: int          # +1 when the row prints values with the concept's sign, -1 when reversed
    key: int = -1         # the concept numbered within calculation_networks (cheap to hash)
    bindings: dict = attrs.Factory(dict)   # the concept's entry of the binding index
    _balance: object = attrs.field(default=False, alias="_balance")

    def balance(self, lookup) -> str | None:
        """The concept's balance ("debit", "credit" or None), looked up once."""
        if self._balance is False:
            self._balance = getattr(lookup(self.concept), "balance", None)
        return self._balance  # type: ignore[return-value]


def _table_rows(kept, facts: Sequence[Fact], lookup) -> dict[int, list[_CalcRow | None]]:
    """Per statement table, its rows in order as (concept, printed sign); None for a row that cannot
    take part in a summation (several concepts, non-monetary values, breakdown members only)."""
    rows: dict[int, dict[int, list[tuple[Reading, Fact]]]] = defaultdict(lambda: defaultdict(list))
    for (reading, _f, _c), fact in zip(kept, facts):
        if reading.table is None or reading.source_kind not in STATEMENT_KINDS:
            continue
        key = reading.provenance.row if reading.provenance.row is not None else reading.provenance.line
        if key is None:
            continue
        rows[reading.table][key].append((reading, fact))
    out: dict[int, list[_CalcRow | None]] = {}
    for table, by_row in rows.items():
        seq: list[_CalcRow | None] = []
        for key in sorted(by_row):
            cells = by_row[key]
            concepts = {f.concept for _r, f in cells}
            if len(concepts) != 1 or any(r.unit_kind != "monetary" for r, _f in cells):
                seq.append(None)
                continue
            (q,) = concepts
            c = lookup(q)
            if c is not None and c.abstract:
                seq.append(None)
                continue
            signs = {1 if (r.value > 0) == (f.value > 0) else -1 for r, f in cells
                     if isinstance(r.value, Decimal) and r.value != 0 and f.value}
            if len(signs) > 1:
                seq.append(None)
                continue
            seq.append(_CalcRow(q, signs.pop() if signs else 1))
        out[table] = seq
    return out


def _reaches(graph: dict, start, goal) -> bool:
    todo, seen = [start], set()
    while todo:
        q = todo.pop()
        if q == goal:
            return True
        if q in seen:
            continue
        seen.add(q)
        todo.extend(graph.get(q, ()))
    return False


def calculation_networks(kept, facts: Sequence[Fact], ext: Extension, lookup) -> list[Network]:
    """One calculation network per statement table, read from the table's own structure: a row
    is the total of the rows just above it (those not already summed into an earlier total,
    without crossing a row that cannot take part) when the report's facts add up in every
    context and unit where that summation binds (Calculations 1.1, `summation_holds`). The
    longest such run of rows wins; weights follow the concepts' balances, else the printed
    signs. Items and total share the period type; a total gets one summation per network and
    no relationship closes a cycle. A relationship that would not hold is left out, so the
    rendered instance has no calculation inconsistency."""
    tables = sorted(_table_rows(kept, facts, lookup).items())
    # only the concepts of statement rows take part in a summation
    index = _binding_index(facts, {row.concept for _t, seq in tables for row in seq if row is not None})
    numbers: dict[QName, int] = {}
    periods: dict[int, object] = {}
    networks: list[Network] = []
    negated: dict[int, dict] = {}  # concept number -> its binding-index entry times -1 (`_negated`), made once
    for table, seq in tables:
        for row in seq:
            if row is not None:
                row.key = numbers.setdefault(row.concept, len(numbers))
                row.bindings = index.get(row.concept, {})
                if row.key not in periods:
                    periods[row.key] = getattr(lookup(row.concept), "period_type", None)
        visible: list[_CalcRow | None] = []
        graph: dict[int, set[int]] = defaultdict(set)
        summed: set[int] = set()  # concepts that are an item of a summation of this network
        rels: list[Relationship] = []
        for row in seq:
            if row is None:
                visible.append(None)
                continue
            if row.key not in graph:
                # a total reported nowhere (or only with skipped bindings) binds no summation
                first_key = next((key for key, rep in row.bindings.items() if rep is not None), _UNREPORTED)
                # the rows that may be its items: the run of rows just above it (at most MAX_CALC_ITEMS,
                # not crossing a row that cannot take part), as far up as no concept comes twice, none is
                # the row's own and none is blocked (another period type, or a cycle the relationship would
                # close: a path from the item back to the row, which needs the row to be an item already);
                # a run reaching past such a row fails these too. Its items are some last rows of this run.
                tail: list[_CalcRow] = []
                if first_key is not _UNREPORTED:
                    period = periods[row.key]
                    seen: set[int] = set()
                    for v in reversed(visible):
                        if (v is None or len(tail) >= MAX_CALC_ITEMS or v.key == row.key or v.key in seen
                                or periods[v.key] != period or (row.key in summed and _reaches(graph, v.key, row.key))):
                            break
                        seen.add(v.key)
                        tail.append(v)
                    tail.reverse()
                found = None
                if len(tail) < 2:
                    visible.append(row)
                    continue
                fixed, printed = _item_weights(row, tail, lookup)  # per item, whatever the run's length
                for v in tail:
                    if v.key not in negated:
                        negated[v.key] = _negated(v.bindings)
                plus = [v.bindings for v in tail]
                minus = [negated[v.key] for v in tail]
                # nearly every tried summation already fails in the total's first reported context
                # and unit (`_holds_signed` stops there): that step alone, on each item's (plus,
                # minus) interval there, turns most candidates down before the full check
                at_first = [(p.get(first_key, _UNREPORTED), m.get(first_key, _UNREPORTED)) for p, m in zip(plus, minus)]
                # the first weights `_weight_options` gives (fixed, else printed), and how many items
                # have no fixed weight, for the runs ending at each item: a run that fails with its
                # first weights and has no others to try (`_weight_options`) needs no more work
                first = [f if f is not None else p for f, p in zip(fixed, printed)]
                free_from = [0] * (len(tail) + 1)
                for n in range(len(tail) - 1, -1, -1):
                    free_from[n] = free_from[n + 1] + (fixed[n] is None)
                # when the sums there are exact, that step for every run length at once (`_first_key_verdicts`)
                verdicts = (_first_key_verdicts(row.bindings[first_key], at_first, fixed, first)
                            if _sums_exact(at_first) else None)
                for length in range(len(tail), 1, -1):
                    free = free_from[len(tail) - length]
                    few = 0 < free <= MAX_FREE_WEIGHTS  # `_weight_options` tries every weights of the free items
                    if verdicts is not None:
                        if verdicts[1 if few else 0][length]:
                            continue
                    elif not few and _fails_at(row.bindings[first_key], at_first[-length:], first[-length:]):
                        continue
                    items = tail[-length:]
                    for weights in _weight_options(fixed[-length:], printed[-length:]):
                        if _fails_at(row.bindings[first_key], at_first[-length:], weights):
                            continue
                        signed = [p if w > 0 else m for p, m, w in zip(plus[-length:], minus[-length:], weights)]
                        if _holds_signed(row.bindings, signed):
                            found = (items, weights)
                            break
                    if found:
                        break
                if found:
                    items, weights = found
                    for n, (item, w) in enumerate(zip(items, weights), 1):
                        rels.append(Relationship(row.concept, item.concept, Decimal(n), w))
                        graph[row.key].add(item.key)
                        summed.add(item.key)
                    absorbed = {id(i) for i in items}
                    visible = [v for v in visible if v is None or id(v) not in absorbed]
            visible.append(row)
        if rels:
            networks.append(Network("calculation", f"{ext.namespace}/role/Table{table}",
                                    f"{table:03d} - Calculation (table {table})", rels))
    return networks


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


@functools.lru_cache(maxsize=1024)
def _period_text(p) -> str | None:
    """A reading's period as coverage shows it; remembered per period (a table's cells share a few)."""
    if isinstance(p, Duration):
        return f"{p.start.isoformat()}/{p.end.isoformat()}"
    if isinstance(p, Instant):
        return p.date.isoformat()
    return None
