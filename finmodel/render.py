"""The render stage: Report -> bytes in the standard formats, through Jinja templates.

Input: a `Report` (and the taxonomy it uses). Output: file name -> bytes for
- the XBRL 2.1 instance `STEM.xml` with its extension taxonomy (`SCHEMA.xsd`,
  `SCHEMA_lab.xml`, `SCHEMA_cal.xml`, `SCHEMA_def.xml`, `SCHEMA_pre.xml` as needed),
- xBRL-JSON (OIM 1.0) `STEM.json`,
- a Markdown summary `STEM.md`,
and `write()`, which renders everything first and then writes all files atomically.

Python decides, templates format: this module builds a plain "view" of the report
(facts in report order with their lexical values, resolved labels, context and
unit ids, namespace prefixes) and the templates in `templates/` only lay it out.
The views are plain dicts (what custom templates read, by subscript: `f["id"]`, which
Jinja resolves faster than `f.id`). For their long loops they also hold prepared rows
(`fact_rows`, `context_rows`, `loc_rows`, `arc_rows`, a table's `lines`): tuples of the
final texts, already escaped or JSON-encoded, which the bundled templates unpack in the
`for` itself. That spares each fact several key lookups and filter calls in the template;
the markup stays in the templates. Long blocks are captured with `set` and written at
once (see the templates). The output is the same as from the plain dicts.
The conventions (canonical decimals, period ends, ids) are applied here, in one
place, and described in docs/outputs.md.
"""

from __future__ import annotations

import datetime as _dt
import decimal
import hashlib
import json
from collections import Counter, defaultdict
from decimal import Decimal
from functools import lru_cache
from itertools import repeat
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import jinja2
from markupsafe import Markup, escape

from . import regex
from .model import (
    INF, ISO4217, LABEL_ROLE, XBRLI, XBRLI_PURE, Concept, Context, Duration, Entity, Extension,
    Fact, Finding, Forever, Instant, Network, QName, Relationship, Report, SEC_CIK_SCHEME, Unit,
    context_id,
)
from .files import indented_json
from .resources import templates_dir

# --------------------------------------------------------------------------- constants

LINK = "http://www.xbrl.org/2003/linkbase"
XLINK = "http://www.w3.org/1999/xlink"
XBRLDI = "http://xbrl.org/2006/xbrldi"
XBRLDT = "http://xbrl.org/2005/xbrldt"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XS = "http://www.w3.org/2001/XMLSchema"
OIM_DOCUMENT_TYPE = "https://xbrl.org/2021/xbrl-json"
DEFAULT_LINK_ROLE = "http://www.xbrl.org/2003/role/link"

# Where the schemas of well-known namespaces live (for xs:import in the extension schema).
SCHEMA_LOCATIONS: dict[str, str] = {
    XBRLI: "http://www.xbrl.org/2003/xbrl-instance-2003-12-31.xsd",
    LINK: "http://www.xbrl.org/2003/xbrl-linkbase-2003-12-31.xsd",
    XBRLDT: "http://www.xbrl.org/2005/xbrldt-2005.xsd",
    "http://www.xbrl.org/dtr/type/numeric": "http://www.xbrl.org/dtr/type/numeric-2009-12-16.xsd",
    "http://www.xbrl.org/dtr/type/non-numeric": "http://www.xbrl.org/dtr/type/nonNumeric-2009-12-16.xsd",
    "http://www.xbrl.org/dtr/type/2020-01-21": "https://www.xbrl.org/dtr/type/2020-01-21/types.xsd",
    "http://www.xbrl.org/dtr/type/2022-03-31": "https://www.xbrl.org/dtr/type/2022-03-31/types.xsd",
    "http://www.xbrl.org/dtr/type/2024-01-31": "https://www.xbrl.org/dtr/type/2024-01-31/types.xsd",
}
INFRASTRUCTURE_SCHEMAS = frozenset(SCHEMA_LOCATIONS.values()) | {
    "http://www.xbrl.org/2003/xlink-2003-12-31.xsd", "http://www.xbrl.org/2003/xl-2003-12-31.xsd",
    "http://www.xbrl.org/2006/xbrldi-2006.xsd", "http://www.xbrl.org/2003/xbrl-instance-2003-12-31.xsd",
}

# Namespaces of the official entry points we know, used when the taxonomy cannot say.
KNOWN_ENTRY_POINT_NAMESPACES: dict[str, str] = {
    "https://xbrl.fasb.org/us-gaap/2024/elts/us-gaap-2024.xsd": "http://fasb.org/us-gaap/2024",
    "https://xbrl.sec.gov/dei/2024/dei-2024.xsd": "http://xbrl.sec.gov/dei/2024",
    "https://xbrl.fasb.org/srt/2024/elts/srt-2024.xsd": "http://fasb.org/srt/2024",
}

# Prefixes the templates use for fixed namespaces; nothing else may take them.
FIXED_PREFIXES: dict[str, str] = {
    "xbrli": XBRLI, "link": LINK, "xlink": XLINK, "xbrldi": XBRLDI, "xbrldt": XBRLDT,
    "xsi": XSI, "xs": XS, "xsd": XS, "xml": "http://www.w3.org/XML/1998/namespace",
    "iso4217": ISO4217, "xbrl": "https://xbrl.org/2021",
}
PREFERRED_PREFIXES: dict[str, str] = {
    SEC_CIK_SCHEME: "cik",
    "http://standard.iso.org/iso/17442": "lei",
    "http://www.xbrl.org/dtr/type/numeric": "num",
    "http://www.xbrl.org/dtr/type/non-numeric": "nonnum",
    "http://www.xbrl.org/dtr/type/2020-01-21": "dtr-types",
    "http://www.xbrl.org/dtr/type/2022-03-31": "dtr-types",
    "http://www.xbrl.org/dtr/type/2024-01-31": "dtr-types",
}

ARCROLES = {
    "calculation": "http://www.xbrl.org/2003/arcrole/summation-item",
    "presentation": "http://www.xbrl.org/2003/arcrole/parent-child",
    "domain-member": "http://xbrl.org/int/dim/arcrole/domain-member",
    "dimension-domain": "http://xbrl.org/int/dim/arcrole/dimension-domain",
    "hypercube-dimension": "http://xbrl.org/int/dim/arcrole/hypercube-dimension",
    "all": "http://xbrl.org/int/dim/arcrole/all",
    "dimension-default": "http://xbrl.org/int/dim/arcrole/dimension-default",
}
XDT_ARCROLE_SCHEMA = "http://www.xbrl.org/2005/xbrldt-2005.xsd"
LINK_ELEMENTS = {"calculation": "calculationLink", "presentation": "presentationLink", "definition": "definitionLink"}
ARC_ELEMENTS = {"calculation": "calculationArc", "presentation": "presentationArc", "definition": "definitionArc"}
LINKBASE_SUFFIX = {"calculation": "cal", "definition": "def", "presentation": "pre"}
NETWORK_KINDS = ("calculation", "definition", "presentation")
LINKBASE_REF_ROLES = {
    "label": "http://www.xbrl.org/2003/role/labelLinkbaseRef",
    "calculation": "http://www.xbrl.org/2003/role/calculationLinkbaseRef",
    "definition": "http://www.xbrl.org/2003/role/definitionLinkbaseRef",
    "presentation": "http://www.xbrl.org/2003/role/presentationLinkbaseRef",
}

# XML 1.0 forbids these characters even as character references.
_XML_ILLEGAL = regex.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_NCNAME = regex.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]*$")
_NOT_NAME_CHARACTER = regex.compile(r"[^A-Za-z0-9_.\-]")
_NAME_START = regex.compile(r"[A-Za-z_]")

# --------------------------------------------------------------------------- lexical forms


def canonical_decimal(value: Decimal | int) -> str:
    """The lexical form of a number: no exponent, no trailing zeros after the point,
    no trailing point, never "-0". Exact: `Decimal(canonical_decimal(d)) == d`."""
    if type(value) is not Decimal:  # (a Decimal needs no check or conversion)
        if isinstance(value, bool) or not isinstance(value, (Decimal, int)):
            raise TypeError(f"canonical_decimal needs a Decimal, not {type(value).__name__}")
        value = Decimal(value)
    if not value.is_finite():
        raise ValueError(f"not a finite number: {value}")
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", "", "-"):
        text = "0"
    return text


def lexical(value: object) -> str:
    """A fact value as XBRL writes it: Decimal canonical, booleans `true`/`false`,
    dates ISO 8601, strings unchanged."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (Decimal, int)):
        return canonical_decimal(value)
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return value
    raise TypeError(f"no lexical form for {type(value).__name__}")


def decimals_text(decimals: object) -> str:
    """`INF` or the integer."""
    return "INF" if decimals is INF else str(int(decimals))  # type: ignore[arg-type]


def xml_text(value: object) -> str:
    """XML-safe text: characters XML 1.0 cannot carry become U+FFFD."""
    return _XML_ILLEGAL.sub("\ufffd", lexical(value) if not isinstance(value, str) else value)


def xml_value(value: object) -> Markup:
    """Escape a value for XML element content or an attribute value: `& < > " '` as
    entities and carriage returns as `&#13;` (so they survive parsing)."""
    text = xml_text(value)
    text = (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&apos;").replace("\r", "&#13;"))
    return _markup(text)


def _markup(text: str) -> Markup:
    """`Markup(text)` for a str, without Markup's Python-level constructor (a hot path)."""
    return str.__new__(Markup, text)


_NULL = Markup("null")
_NO_TEXT = Markup("")
_encode_json_string = json.encoder.encode_basestring  # what json.dumps(ensure_ascii=False) does for a str
_MEMO_LIMIT = 100_000  # entries per remembered-answers table below


def _remembered(answers: dict[str, str], compute, text: str) -> str:
    """`compute(text)`, remembered in `answers` (for pure functions of a str whose arguments
    repeat from fact to fact: names, periods, units); the table stops growing at _MEMO_LIMIT."""
    answer = answers.get(text)
    if answer is None:
        answer = compute(text)
        if len(answers) < _MEMO_LIMIT:
            answers[text] = answer
    return answer


_json_texts: dict[str, str] = {}


def _json_text(text: str) -> str:
    """`json.dumps(text, ensure_ascii=False)` for a str, as a plain str (what `tojson` writes)."""
    return _remembered(_json_texts, _encode_json_string, text)


def tojson(value: object) -> Markup:
    """A value as JSON (Decimal via its canonical lexical form, as a string)."""
    kind = type(value)
    if kind is str:  # the common case, exactly as json.dumps writes it, without a new encoder each
        return _markup(_json_text(value))
    if value is None:
        return _NULL
    if kind is int:
        return _markup(int.__repr__(value))

    def default(obj: object) -> object:
        if isinstance(obj, Decimal):
            return canonical_decimal(obj)
        if isinstance(obj, _dt.date):
            return obj.isoformat()
        raise TypeError(f"not JSON serialisable: {type(obj).__name__}")

    return Markup(json.dumps(value, ensure_ascii=False, default=default))


_MD_SPECIALS = regex.compile(r"([\\`*_\[\]<>|~&])")


def md_cell(value: object) -> str:
    """Escape text for a Markdown table cell: backslashes, `|` and Markdown specials are
    backslash-escaped, newlines become spaces."""
    if type(value) is str:
        return _remembered(_md_cells, _md_cell, value)
    return _md_cell(value if isinstance(value, str) else lexical(value))


_md_cells: dict[str, str] = {}


def _md_cell(text: str) -> str:
    text = " ".join(text.split())
    if _MD_SPECIALS.search(text) is None:
        return text
    # each special character gets a backslash before it, as _MD_SPECIALS.sub(r"\\\1", text)
    # would do (without a call back into Python per character): backslashes first, so the
    # backslashes added for the other characters are not doubled
    for special in _MD_SPECIAL_CHARACTERS:
        if special in text:
            text = text.replace(special, "\\" + special)
    return text


_MD_SPECIAL_CHARACTERS = "\\`*_[]<>|~&"  # the class of _MD_SPECIALS, backslash first


def md_text(value: object) -> str:
    """Escape text for a Markdown heading, paragraph or list item: like md_cell, and a
    leading `#`, `-`, `+` or digit-dot that would start a block is escaped too."""
    text = md_cell(value)
    # a backslash before what would start a block: _MD_BLOCK_START.sub(r"\\\1", text), whose `^`
    # (no MULTILINE) matches at the start only
    return "\\" + text if _MD_BLOCK_START.match(text) else text


_MD_BLOCK_START = regex.compile(r"^([#+\-]|\d+\.)")


FILTERS = {
    "xml_value": xml_value,
    "canonical_decimal": canonical_decimal,
    "lexical": lexical,
    "tojson": tojson,
    "md_cell": md_cell,
    "md_text": md_text,
}

# --------------------------------------------------------------------------- environment


def environment(template_dir: str | Path | None = None) -> jinja2.Environment:
    """A new Jinja environment: `StrictUndefined`, autoescape for `.xml`/`.xsd`/`.html`
    templates, `trim_blocks`/`lstrip_blocks`, and the filters in `FILTERS`.

    Templates are looked up in `template_dir` first, then in the bundled templates;
    the bundled ones are also reachable as `default/NAME`, so a user template can
    `{% extends "default/instance.xml" %}` and override a single block.
    """
    bundled = jinja2.FileSystemLoader(str(templates_dir()))
    loaders: list[jinja2.BaseLoader] = []
    if template_dir is not None:
        loaders.append(jinja2.FileSystemLoader(str(template_dir)))
    loaders.append(bundled)
    loaders.append(jinja2.PrefixLoader({"default": bundled}))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        autoescape=jinja2.select_autoescape(enabled_extensions=("xml", "xsd", "html"), default_for_string=False),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(FILTERS)
    return env


class _QuietBytecodeCache(jinja2.FileSystemBytecodeCache):
    """Jinja's file bytecode cache (atomic writes, keyed on the template source's checksum
    and the Python version), made optional: any failure to read or write it is ignored and
    the template is simply compiled, so the cache can never change or break a rendering."""

    def load_bytecode(self, bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:
            bucket.reset()

    def dump_bytecode(self, bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except Exception:
            pass


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    from .usercache import cache_dir

    folder = cache_dir("templates")
    return _QuietBytecodeCache(str(folder), "%s.cache") if folder is not None else None


@lru_cache(maxsize=8)
def _shared_environment(template_dir: str | None) -> jinja2.Environment:
    """One environment per template folder for the renderers of this process, so each
    template is compiled once per process (and, through the bytecode cache in the user
    cache folder, once per template version). Templates changed on disk are reloaded:
    Jinja checks their modification time before reuse."""
    env = environment(template_dir)
    env.bytecode_cache = _bytecode_cache()
    return env


def _renderer_environment(template_dir: str | Path | None) -> jinja2.Environment:
    return _shared_environment(None if template_dir is None else str(Path(template_dir).resolve()))


# --------------------------------------------------------------------------- taxonomy access


@lru_cache(maxsize=1)
def _bundled_taxonomy():
    try:
        from .pipeline import load_taxonomy  # the bundled package, from the user cache when valid
    except ImportError:
        return None
    try:
        return load_taxonomy()
    except Exception:  # the bundled package is optional for rendering
        return None


def resolve_taxonomy(taxonomy=None):
    """`taxonomy`, or the bundled one, or None when none is available."""
    return taxonomy if taxonomy is not None else _bundled_taxonomy()


def find_concept(qname: QName, report: Report, taxonomy=None) -> Concept | None:
    """The concept for `qname`: the report's own first, then the taxonomy's."""
    for concept in report.concepts:
        if concept.qname == qname:
            return concept
    return taxonomy_concept(taxonomy, qname)


def taxonomy_concept(taxonomy, qname: QName) -> Concept | None:
    """`taxonomy.concept(qname)` or None (missing taxonomy, unknown concept)."""
    if taxonomy is None:
        return None
    try:
        found = taxonomy.concept(qname)
    except (KeyError, LookupError, ValueError):
        return None
    return found


def _taxonomy_prefixes(taxonomy) -> Mapping[str, str]:
    prefixes = getattr(taxonomy, "prefixes", None) if taxonomy is not None else None
    return prefixes or {}


def entry_point_namespace(url: str, taxonomy=None) -> str | None:
    """The target namespace of the schema at `url`, from the taxonomy or known entry points."""
    lookup = getattr(taxonomy, "schema_namespace", None)
    if callable(lookup):
        try:
            ns = lookup(url)
            if ns:
                return ns
        except Exception:
            pass
    for attr in ("entry_point_namespaces", "schema_namespaces"):
        table = getattr(taxonomy, attr, None)
        if isinstance(table, Mapping) and url in table:
            return table[url]
    if url in KNOWN_ENTRY_POINT_NAMESPACES:
        return KNOWN_ENTRY_POINT_NAMESPACES[url]
    return _package_schema_namespace(url)


@lru_cache(maxsize=256)
def _package_schema_namespace(url: str) -> str | None:
    """The targetNamespace of `url` read from the bundled package (through its catalog)."""
    from .xmlsafe import parse_xml

    try:
        from .resources import taxonomy_dir

        root_dir = taxonomy_dir()
        catalog = parse_xml(root_dir / "META-INF" / "catalog.xml")
    except Exception:
        return None
    for rule in catalog.iter("{urn:oasis:names:tc:entity:xmlns:xml:catalog}rewriteURI"):
        start, prefix = rule.get("uriStartString") or "", rule.get("rewritePrefix") or ""
        if start and url.startswith(start):
            local = (root_dir / "META-INF" / (prefix + url[len(start):])).resolve()
            try:
                return parse_xml(local).get("targetNamespace")
            except Exception:
                return None
    return None


def entry_point_namespaces(entry_points: Sequence[str], taxonomy, used: Iterable[QName]) -> dict[str, str]:
    """URL -> target namespace for each entry point that can be told: from the taxonomy,
    the known official entry points, the bundled package, or else by matching the file
    name to the prefix of a namespace the report uses (`us-gaap-2023.xsd` -> the namespace
    of the report's `us-gaap:` names). Entry points that cannot be told are left out."""
    by_prefix: dict[str, str] = {}
    for q in used:
        if q.prefix:
            by_prefix.setdefault(q.prefix, q.namespace)
    out: dict[str, str] = {}
    for url in entry_points:
        target = entry_point_namespace(url, taxonomy)
        if target is None:
            stem = url.rsplit("/", 1)[-1].removesuffix(".xsd")
            matches = [p for p in by_prefix if stem == p or stem.startswith(p + "-")]
            if matches:
                target = by_prefix[max(matches, key=len)]
        if target is not None:
            out[url] = target
    return out


def concept_href(qname: QName, taxonomy, locations: Mapping[str, str], prefix: str) -> str | None:
    """The locator href (`schema-url#element-id`) of a concept that lives in the taxonomy
    (`locations`: entry point URL -> namespace); None when no schema is known for it."""
    lookup = getattr(taxonomy, "concept_href", None)
    if callable(lookup):
        try:
            href = lookup(qname)
            if href:
                return href
        except Exception:
            pass
    for url, namespace in locations.items():
        if namespace == qname.namespace:
            return f"{url}#{prefix}_{qname.local_name}"
    return None


# --------------------------------------------------------------------------- namespaces


class Namespaces:
    """Assigns each namespace one prefix: the preferred one when free, else a numbered one."""

    def __init__(self, taxonomy=None) -> None:
        self.by_ns: dict[str, str] = {}
        self.used: set[str] = set(FIXED_PREFIXES)
        self._taxonomy_prefixes = _taxonomy_prefixes(taxonomy)
        for prefix, ns in FIXED_PREFIXES.items():
            self.by_ns.setdefault(ns, prefix)

    def prefix(self, namespace: str, preferred: str = "") -> str:
        """The prefix for `namespace`, allocating one on first use."""
        if namespace in self.by_ns:
            return self.by_ns[namespace]
        candidates = [preferred, self._taxonomy_prefixes.get(namespace, ""), PREFERRED_PREFIXES.get(namespace, "")]
        base = next((c for c in candidates if c and _NCNAME.match(c) and ":" not in c), "ns")
        chosen = base
        n = 1
        while chosen in self.used:
            chosen = f"{base}{n}"
            n += 1
        self.used.add(chosen)
        self.by_ns[namespace] = chosen
        return chosen

    def name(self, q: QName) -> str:
        """`prefix:local` with the allocated prefix."""
        return f"{self.prefix(q.namespace, q.prefix)}:{q.local_name}"

    def declared(self, namespaces: Iterable[str]) -> list[tuple[str, str]]:
        """(prefix, namespace) pairs for `namespaces`, sorted by prefix."""
        return sorted({(self.by_ns[ns], ns) for ns in namespaces})


# --------------------------------------------------------------------------- ids


def _unique_ids(items: Sequence[Any], base_id) -> dict[Any, str]:
    """Stable ids: the readable base id, with `_2`, `_3` appended on collision (in order)."""
    out: dict[Any, str] = {}
    seen: set[str] = set()
    for item in items:
        base = base_id(item)
        chosen, n = base, 2
        while chosen in seen:
            chosen = f"{base}_{n}"
            n += 1
        seen.add(chosen)
        out[item] = chosen
    return out


class _FactTable:
    """The facts of one report with their concepts, contexts and units numbered in order of
    first use (equal values get one number). The views look these up by number: one hash
    lookup per fact here instead of one per fact and view, each comparing two equal but
    distinct Context values field by field. Fact ids and the facts' lexical values (which
    every view writes) are worked out once, on first use."""

    def __init__(self, facts: Sequence[Fact]) -> None:
        concepts: dict[QName, int] = {}
        contexts: dict[Context, int] = {}
        units: dict[Unit | None, int] = {}
        self.concept_of = [concepts.setdefault(f.concept, len(concepts)) for f in facts]
        self.context_of = [contexts.setdefault(f.context, len(contexts)) for f in facts]
        self.unit_of = [units.setdefault(f.unit, len(units)) for f in facts]
        self.concepts: list[QName] = list(concepts)
        self.contexts: list[Context] = list(contexts)
        self.units: list[Unit | None] = list(units)
        self._facts = facts
        self._ids: list[str] | None = None
        self._values: list[str | None] | None = None

    @property
    def fact_ids(self) -> list[str]:
        if self._ids is None:
            self._ids = _fact_ids(self._facts)
        return self._ids

    @property
    def values(self) -> list[str | None]:
        """`lexical(fact.value)` per fact; None for a nil fact."""
        if self._values is None:
            self._values = [None if f.value is None else canonical_decimal(f.value) if type(f.value) is Decimal
                            else lexical(f.value) for f in self._facts]  # (lexical of a Decimal, one call less)
        return self._values


_last_table: tuple[tuple[Fact, ...], _FactTable] | None = None


def _fact_table(report: Report) -> _FactTable:
    """The `_FactTable` of the report's facts, remembered for the last facts tuple seen:
    the instance and xBRL-JSON views of one report (and of a copy with another extension,
    as the command line makes) share it. Facts are an immutable tuple of frozen records,
    so the same tuple always gives the same table."""
    global _last_table
    last = _last_table
    if last is not None and last[0] is report.facts:
        return last[1]
    table = _FactTable(report.facts)
    _last_table = (report.facts, table)
    return table


def context_ids(report: Report) -> dict[Context, str]:
    """Context -> id (the model's readable id, made unique across entities)."""
    contexts = sorted(_fact_table(report).contexts,
                      key=lambda c: (context_id(c), c.entity.scheme, c.entity.identifier))
    return _unique_ids(contexts, context_id)


def unit_ids(report: Report) -> dict[Unit, str]:
    """Unit -> id (`USD`, `shares`, `USD-per-shares`, made unique)."""
    def key(u: Unit):
        return (u.id, [m.clark for m in u.numerators], [m.clark for m in u.denominators])

    units = sorted((u for u in _fact_table(report).units if u is not None), key=key)
    return _unique_ids(units, lambda u: u.id if _NCNAME.match(u.id) else "u-" + _NOT_NAME_CHARACTER.sub("_", u.id))


def fact_ids(report: Report) -> list[str]:
    """One unique NCName id per fact (in report order): the fact's own id when it is a
    valid, unused NCName, else `f-` plus a digest of the fact's identity."""
    return list(_fact_table(report).fact_ids)


def _fact_ids(facts: Sequence[Fact]) -> list[str]:
    ids = [f.id for f in facts]
    if all(ids) and len(set(ids)) == len(ids) and all(map(_NCNAME.match, ids)):
        return ids  # every fact has a valid id of its own (as mapped facts have): the loop below keeps them
    own = Counter(i for i in ids if i)
    used: set[str] = {i for i, n in own.items() if n == 1 and _NCNAME.match(i)}
    out: list[str] = []
    taken: set[str] = set()
    for fact in facts:
        if fact.id and fact.id in used and fact.id not in taken:
            chosen = fact.id
        else:
            digest = hashlib.sha1(
                "|".join([fact.concept.clark, context_id(fact.context), fact.context.entity.identifier,
                          fact.unit.id if fact.unit else "", repr(fact.value), str(fact.decimals)]).encode()
            ).hexdigest()[:10]
            chosen, n = f"f-{digest}", 2
            while chosen in taken or chosen in used:
                chosen = f"f-{digest}-{n}"
                n += 1
        taken.add(chosen)
        out.append(chosen)
    return out


def default_stem(report: Report) -> str:
    """The output stem: the extension schema's stem, else the source file's stem, else `report`."""
    if report.extension is not None:
        return Path(report.extension.schema_name).stem
    if report.document.source:
        return Path(report.document.source).stem
    return "report"


def effective_extension(report: Report, stem: str) -> Extension | None:
    """The extension taxonomy to write: the report's own; a default one named after
    `stem` when the report declares concepts or networks but has no extension; else None."""
    if report.extension is not None:
        return report.extension
    if report.concepts or report.networks:
        return Extension(prefix="ext", namespace=f"http://finmodel.invalid/extension/{stem}", schema_name=f"{stem}.xsd")
    return None


# --------------------------------------------------------------------------- instance view


def _period_view(period) -> dict[str, Any]:
    if isinstance(period, Instant):
        return {"kind": "instant", "instant": period.date.isoformat()}
    if isinstance(period, Duration):
        return {"kind": "duration", "start": period.start.isoformat(), "end": period.end.isoformat()}
    return {"kind": "forever"}


def _data_type_of(fact: Fact, report: Report, taxonomy) -> str | None:
    concept = find_concept(fact.concept, report, taxonomy)
    return concept.data_type.local_name if concept is not None else None


def _view_basis(report: Report, taxonomy, stem: str | None):
    """What every view starts from: the taxonomy, the stem, the extension and its prefix."""
    taxonomy = resolve_taxonomy(taxonomy)
    stem = stem or default_stem(report)
    ext = effective_extension(report, stem)
    ns = Namespaces(taxonomy)
    if ext is not None:
        ns.prefix(ext.namespace, ext.prefix)
    return taxonomy, stem, ext, ns


def instance_view(report: Report, taxonomy=None, stem: str | None = None) -> dict[str, Any]:
    """The plain view the instance template lays out: namespaces, schema refs, contexts,
    units and facts as dicts, and the contexts and facts again as prepared rows."""
    taxonomy, stem, ext, ns = _view_basis(report, taxonomy, stem)
    used: set[str] = {XBRLI, LINK, XLINK}
    cids = context_ids(report)
    uids = unit_ids(report)
    contexts = []
    # what the bundled template writes: the same contexts as tuples (id, scheme and identifier
    # escaped with xml_value, (axis, member) pairs, instant, start, end; no dates: forever)
    context_rows = []
    entities: dict[Entity, tuple[Markup, Markup]] = {}  # an entity's escaped scheme and identifier
    for ctx, cid in sorted(cids.items(), key=lambda kv: kv[1]):
        dims = []
        for axis, member in ctx.dimensions:
            dims.append({"axis": ns.name(axis), "member": ns.name(member)})
            used.update({axis.namespace, member.namespace, XBRLDI})
        period = _period_view(ctx.period)
        contexts.append({"id": cid, "scheme": ctx.entity.scheme, "identifier": ctx.entity.identifier,
                         "period": period, "dimensions": dims})
        entity = entities.get(ctx.entity)
        if entity is None:
            entity = entities[ctx.entity] = (xml_value(ctx.entity.scheme), xml_value(ctx.entity.identifier))
        context_rows.append((cid, *entity, [(d["axis"], d["member"]) for d in dims],
                             period.get("instant"), period.get("start"), period.get("end")))
    units = []
    for unit, uid in sorted(uids.items(), key=lambda kv: kv[1]):
        units.append({"id": uid, "numerators": [ns.name(m) for m in unit.numerators],
                      "denominators": [ns.name(m) for m in unit.denominators]})
        used.update(m.namespace for m in unit.numerators + unit.denominators)
    table = _fact_table(report)
    # per number: the context and unit ids; the concept names in order of first use, which
    # is the order in which the facts below would allocate their prefixes one by one
    cid_of = [cids[c] for c in table.contexts]
    uid_of = [None if u is None else uids[u] for u in table.units]
    name_of = [ns.name(q) for q in table.concepts]
    used.update(q.namespace for q in table.concepts)
    facts = []
    # what the bundled template writes: the same facts as tuples, with the language and the
    # value already escaped (xml_value)
    rows: list[tuple[str, str, str, str | None, str | None, Markup | None, bool, str]] = []
    decimal_texts: dict[object, str] = {}  # decimals -> its text; a release uses a handful
    has_nil = False
    for fact, fid, value, concept, context, unit in zip(report.facts, table.fact_ids, table.values, table.concept_of,
                                                        table.context_of, table.unit_of):
        has_nil = has_nil or value is None
        name, cid, uid = name_of[concept], cid_of[context], uid_of[unit]
        decimals = None
        if fact.unit is not None and value is not None:
            decimals = decimal_texts.get(fact.decimals)
            if decimals is None:
                decimals = decimal_texts[fact.decimals] = decimals_text(fact.decimals)
        if value is None:
            text, escaped = "", _NO_TEXT
        elif isinstance(fact.value, Decimal):
            # only digits, "-" and ".": XML-safe, and escaping leaves them unchanged
            text = escaped = value
        else:
            text = xml_text(value)
            escaped = xml_value(text)
        language = fact.language
        facts.append({"id": fid, "name": name, "context": cid, "unit": uid, "decimals": decimals,
                      "nil": value is None, "value": text, "language": language})
        rows.append((name, fid, cid, uid, decimals, xml_value(language) if language else None, value is None, escaped))
    if has_nil:
        used.add(XSI)
    if ext is not None:
        schema_refs = [ext.schema_name]
    else:
        schema_refs = list(_entry_points(report, taxonomy))
    return {
        "namespaces": ns.declared(used),
        "schema_refs": schema_refs,
        "contexts": contexts,
        "context_rows": context_rows,
        "units": units,
        "facts": facts,
        "fact_rows": rows,
    }


def _entry_points(report: Report, taxonomy) -> tuple[str, ...]:
    eps = report.entry_points or tuple(getattr(taxonomy, "entry_points", ()) or ())
    return tuple(dict.fromkeys(eps))


# --------------------------------------------------------------------------- extension taxonomy view


def _role_id(role: str, taken: set[str]) -> str:
    tail = _NOT_NAME_CHARACTER.sub("_", role.rstrip("/").rsplit("/", 1)[-1]) or "role"
    if not _NAME_START.match(tail):
        tail = "r_" + tail
    chosen, n = tail, 2
    while chosen in taken:
        chosen = f"{tail}_{n}"
        n += 1
    taken.add(chosen)
    return chosen


class _CanonicalDecimals:
    """`canonical_decimal`, remembering the text of each Decimal it was asked for (equal
    Decimals have one canonical text)."""

    def __init__(self) -> None:
        self._texts: dict[Decimal, str] = {}

    def text(self, value: Decimal) -> str:
        if type(value) is not Decimal or not value.is_finite():
            return canonical_decimal(value)  # as it would answer (or fail)
        found = self._texts.get(value)
        if found is None:
            found = self._texts[value] = canonical_decimal(value)
        return found


def default_arcrole(kind: str, parent: Concept | None, child: Concept | None) -> str:
    """The arcrole a relationship without one gets: summation-item, parent-child, or for
    definition networks the XDT arcrole that the two concepts' substitution groups imply."""
    if kind in ("calculation", "presentation"):
        return ARCROLES[kind]
    return ARCROLES[_definition_arcrole(parent, child)]


def _definition_arcrole(parent: Concept | None, child: Concept | None) -> str:
    psg = parent.substitution_group if parent is not None else "item"
    csg = child.substitution_group if child is not None else "item"
    if psg == "hypercubeItem" and csg == "dimensionItem":
        return "hypercube-dimension"
    if psg == "dimensionItem":
        return "dimension-domain"
    if csg == "hypercubeItem":
        return "all"
    return "domain-member"


def taxonomy_view(report: Report, ext: Extension, taxonomy=None) -> dict[str, Any]:
    """The plain view of the extension schema and its linkbases."""
    taxonomy = resolve_taxonomy(taxonomy)
    ns = Namespaces(taxonomy)
    ns.prefix(ext.namespace, ext.prefix)
    stem = Path(ext.schema_name).stem
    entry_points = _entry_points(report, taxonomy)
    own = [c for c in report.concepts if c.qname.namespace == ext.namespace]
    own_names = {c.qname for c in own}

    def element_id(q: QName) -> str:
        return f"{ns.prefix(ext.namespace)}_{q.local_name}"

    # the facts' concepts (each once, in order of first use) and the networks' concepts
    used_names = _fact_table(report).concepts + [q for n in report.networks for r in n.relationships
                                                 for q in (r.parent, r.child)]
    locations = entry_point_namespaces(entry_points, taxonomy, used_names)

    hrefs: dict[QName, str | None] = {}  # a concept's href, asked for by every arc and locator

    def href(q: QName) -> str | None:
        found = hrefs.get(q, hrefs)  # (the dict itself: not asked yet)
        if found is not hrefs:
            return found
        if q in own_names:
            found = f"{ext.schema_name}#{element_id(q)}"
        else:
            found = concept_href(q, taxonomy, locations, ns.prefix(q.namespace, q.prefix))
        hrefs[q] = found
        return found

    schema_used: set[str] = {XS, XBRLI, LINK, XLINK, ext.namespace}
    elements = []
    for c in own:
        schema_used.add(c.data_type.namespace)
        sg = {"item": "xbrli:item", "dimensionItem": "xbrldt:dimensionItem",
              "hypercubeItem": "xbrldt:hypercubeItem"}.get(c.substitution_group, "xbrli:item")
        if c.substitution_group != "item":
            schema_used.add(XBRLDT)
        elements.append({
            "name": c.qname.local_name, "id": element_id(c.qname), "type": ns.name(c.data_type),
            "substitution_group": sg, "period_type": c.period_type, "balance": c.balance,
            "abstract": "true" if c.abstract else "false", "nillable": "true" if c.nillable else "false",
        })

    # roles used by the networks, declared once with every link they are used on
    roles: dict[str, dict[str, Any]] = {}
    taken: set[str] = set()
    for network in report.networks:
        if network.role == DEFAULT_LINK_ROLE:
            continue
        entry = roles.setdefault(network.role, {"uri": network.role, "id": _role_id(network.role, taken),
                                                "definition": network.definition, "used_on": []})
        if not entry["definition"] and network.definition:
            entry["definition"] = network.definition
        link = "link:" + LINK_ELEMENTS[network.kind]
        if link not in entry["used_on"]:
            entry["used_on"].append(link)

    # label linkbase
    label_links = []
    for c in own:
        if not c.labels:
            continue
        eid = element_id(c.qname)
        label_links.append({
            "loc": f"loc_{eid}", "href": href(c.qname),
            "labels": [{"id": f"lab_{eid}_{i}", "role": role, "text": xml_text(text)}
                       for i, (role, text) in enumerate(c.labels, 1)],
        })

    concepts_all = {c.qname: c for c in own}
    numbers = _CanonicalDecimals()  # orders and weights repeat from arc to arc
    escapes: dict[tuple[str, Any], Markup] = {}  # so do arcroles, hrefs and preferred labels

    def escaped(text: str, how) -> Markup:
        key = (text, how)
        found = escapes.get(key)
        if found is None:
            found = escapes[key] = how(text)
        return found

    def concept_of(q: QName) -> Concept | None:
        return concepts_all.get(q) or taxonomy_concept(taxonomy, q)

    linkbases: dict[str, dict[str, Any]] = {}
    for kind in NETWORK_KINDS:
        networks = [n for n in report.networks if n.kind == kind]
        if not networks:
            continue
        links = []
        arcroles_used: set[str] = set()
        for network in networks:
            locs: dict[QName, str] = {}
            loc_names: set[str] = set()
            arcs = []
            arc_rows = []
            seen_pairs: set[tuple[QName, QName]] = set()
            for rel in network.relationships:
                if (rel.parent, rel.child) in seen_pairs:  # two arcs between two locators is an error
                    continue
                if href(rel.parent) is None or href(rel.child) is None:
                    continue  # a concept of a schema we cannot locate: no locator can point to it
                seen_pairs.add((rel.parent, rel.child))
                ends = []
                for q in (rel.parent, rel.child):
                    name = locs.get(q)
                    if name is None:
                        base = f"loc_{ns.prefix(q.namespace, q.prefix)}_{q.local_name}"
                        name, n = base, 2
                        while name in loc_names:
                            name = f"{base}_{n}"
                            n += 1
                        loc_names.add(name)
                        locs[q] = name
                    ends.append(name)
                arc: dict[str, Any] = {"from": ends[0], "to": ends[1],
                                       "order": numbers.text(rel.order), "weight": None,
                                       "preferred_label": None, "all": False}
                if kind == "calculation":
                    arc["arcrole"] = ARCROLES["calculation"]
                    arc["weight"] = numbers.text(rel.weight if rel.weight is not None else Decimal(1))
                elif kind == "presentation":
                    arc["arcrole"] = ARCROLES["presentation"]
                    arc["preferred_label"] = rel.preferred_label
                else:
                    arc["arcrole"] = rel.arcrole or ARCROLES[_definition_arcrole(concept_of(rel.parent),
                                                                                concept_of(rel.child))]
                    which = next((k for k, v in ARCROLES.items() if v == arc["arcrole"]), None)
                    arc["all"] = which == "all"
                    if which is not None:
                        arcroles_used.add(which)
                if rel.arcrole and kind != "definition":
                    arc["arcrole"] = rel.arcrole
                arcs.append(arc)
                arc_rows.append((escaped(arc["arcrole"], escape), arc["from"], arc["to"], arc["order"], arc["weight"],
                                 escaped(arc["preferred_label"], xml_value) if arc["preferred_label"] else None,
                                 arc["all"]))
            loc_list = [{"label": label, "href": href(q)} for q, label in locs.items()]
            links.append({
                "element": "link:" + LINK_ELEMENTS[kind], "arc_element": "link:" + ARC_ELEMENTS[kind],
                "role": network.role,
                "locs": loc_list,
                "arcs": arcs,
                # what the bundled template writes: the same locators and arcs as tuples, with
                # free text already escaped as the template escapes it
                "loc_rows": [(escaped(loc["href"], xml_value), loc["label"]) for loc in loc_list],
                "arc_rows": arc_rows,
            })
        role_refs = [{"uri": r["uri"], "href": f"{ext.schema_name}#{r['id']}"}
                     for r in roles.values() if ("link:" + LINK_ELEMENTS[kind]) in r["used_on"]]
        arcrole_refs = [{"uri": ARCROLES[a], "href": f"{XDT_ARCROLE_SCHEMA}#{a}"}
                        for a in ("all", "dimension-default", "dimension-domain", "domain-member", "hypercube-dimension")
                        if a in arcroles_used]
        linkbases[kind] = {"file": f"{stem}_{LINKBASE_SUFFIX[kind]}.xml", "links": links,
                           "role_refs": role_refs, "arcrole_refs": arcrole_refs,
                           "uses_xbrldt": kind == "definition"}

    linkbase_refs = []
    if label_links:
        linkbase_refs.append({"href": f"{stem}_lab.xml", "role": LINKBASE_REF_ROLES["label"]})
    for kind in NETWORK_KINDS:
        if kind in linkbases:
            linkbase_refs.append({"href": linkbases[kind]["file"], "role": LINKBASE_REF_ROLES[kind]})

    imports = []
    for url in entry_points:
        if url in locations:  # an entry point whose namespace cannot be told cannot be imported
            imports.append({"namespace": locations[url], "location": url})
    imported = {i["namespace"] for i in imports}
    for target in sorted(schema_used):
        if target in SCHEMA_LOCATIONS and target not in imported:
            imports.append({"namespace": target, "location": SCHEMA_LOCATIONS[target]})
            imported.add(target)
    # a data type from a namespace with no known schema stays unimported: Arelle will say so

    return {
        "schema": {
            "target_namespace": ext.namespace,
            "namespaces": ns.declared(schema_used),
            "imports": imports,
            "linkbase_refs": linkbase_refs,
            "roles": list(roles.values()),
            "elements": elements,
        },
        "labels": {"file": f"{stem}_lab.xml", "links": label_links} if label_links else None,
        "linkbases": linkbases,
    }


# --------------------------------------------------------------------------- renderers


def _render(env: jinja2.Environment, name: str, **context: Any) -> bytes:
    return env.get_template(name).render(**context).encode("utf-8")


def render_xbrl(report: Report, taxonomy=None, *, stem: str | None = None,
                template_dir: str | Path | None = None) -> dict[str, bytes]:
    """The XBRL 2.1 instance `STEM.xml` plus the extension taxonomy (schema and the
    label, calculation, definition and presentation linkbases it needs).

    Deterministic: the same report gives the same bytes. Facts keep report order;
    contexts and units are sorted by id. `stem` defaults to the extension schema's stem.
    """
    taxonomy = resolve_taxonomy(taxonomy)
    env = _renderer_environment(template_dir)
    stem = stem or default_stem(report)
    files: dict[str, bytes] = {}
    files[f"{stem}.xml"] = _render(env, "instance.xml", **instance_view(report, taxonomy, stem))
    ext = effective_extension(report, stem)
    if ext is not None:
        view = taxonomy_view(report, ext, taxonomy)
        files[ext.schema_name] = _render(env, "schema.xsd", **view["schema"])
        if view["labels"] is not None:
            files[view["labels"]["file"]] = _render(env, "label.xml", **view["labels"])
        for kind, lb in view["linkbases"].items():
            files[lb["file"]] = _render(env, "linkbase.xml", **lb)
    return files


# --------------------------------------------------------------------------- xBRL-JSON


def oim_period(period) -> str | None:
    """OIM period: date-times, exclusive end; None for forever (no period dimension)."""
    day = _dt.timedelta(days=1)
    if isinstance(period, Instant):
        return f"{(period.date + day).isoformat()}T00:00:00"
    if isinstance(period, Duration):
        return f"{period.start.isoformat()}T00:00:00/{(period.end + day).isoformat()}T00:00:00"
    return None


def oim_unit(unit: Unit, ns: Namespaces) -> str | None:
    """OIM unit string (measures sorted, parentheses around products); None for xbrli:pure."""
    if unit.numerators == (XBRLI_PURE,) and not unit.denominators:
        return None
    num = sorted(ns.name(m) for m in unit.numerators)
    den = sorted(ns.name(m) for m in unit.denominators)
    text = "*".join(num) if len(num) == 1 or not den else "(" + "*".join(num) + ")"
    if den:
        text += "/" + ("*".join(den) if len(den) == 1 else "(" + "*".join(den) + ")")
    return text


def _oim_entity_period(context: Context, ns: Namespaces, used: set[str]) -> list[tuple[str, Any]]:
    """The OIM entity and period dimensions of a context (adding the namespace to `used`)."""
    scheme = context.entity.scheme
    dims: list[tuple[str, Any]] = [("entity", f"{ns.prefix(scheme)}:{context.entity.identifier}")]
    used.add(scheme)
    period = oim_period(context.period)
    if period is not None:
        dims.append(("period", period))
    return dims


def _oim_explicit_dimensions(context: Context, ns: Namespaces, used: set[str]) -> list[tuple[str, Any]]:
    """The OIM dimensions of a context's explicit members (adding their namespaces to `used`)."""
    dims: list[tuple[str, Any]] = []
    for axis, member in context.dimensions:
        dims.append((ns.name(axis), ns.name(member)))
        used.update({axis.namespace, member.namespace})
    return dims


_Pairs = tuple[list[tuple[str, str]], list[tuple[str, str]]]


def _with_json(pairs: list[tuple[str, str]]) -> _Pairs:
    """`pairs` of strings, and the same pairs as JSON texts."""
    return pairs, [(_json_text(name), _json_text(value)) for name, value in pairs]


def json_view(report: Report, taxonomy=None, stem: str | None = None) -> dict[str, Any]:
    """The plain view the xBRL-JSON template lays out: document info, the facts as dicts,
    and the facts again as prepared rows of JSON texts."""
    taxonomy, stem, ext, ns = _view_basis(report, taxonomy, stem)
    used: set[str] = set()
    facts = []
    table = _fact_table(report)
    # The dimensions a concept, a context and a unit give, by number, worked out on first
    # use (prefixes are allocated in the order the facts first use them), each as the
    # (name, value) pairs and the same pairs as JSON texts, which the template writes.
    by_concept: list[_Pairs | None] = [None] * len(table.concepts)
    context_core: list[_Pairs | None] = [None] * len(table.contexts)
    context_explicit: list[_Pairs | None] = [None] * len(table.contexts)
    unit_dims: list[_Pairs | None] = [None] * len(table.units)

    def after_concept(fact: Fact, context_number: int, unit_number: int) -> _Pairs:
        """The dimensions after the concept: entity, period, unit (or language), members."""
        context, unit = fact.context, fact.unit
        core = context_core[context_number]
        if core is None:
            core = context_core[context_number] = _with_json(_oim_entity_period(context, ns, used))
        dims, texts = list(core[0]), list(core[1])
        if unit is not None:
            by_unit = unit_dims[unit_number]
            if by_unit is None:
                used.update(m.namespace for m in unit.numerators + unit.denominators)
                text = oim_unit(unit, ns)
                by_unit = unit_dims[unit_number] = _with_json([] if text is None else [("unit", text)])
            dims += by_unit[0]
            texts += by_unit[1]
        elif fact.language:
            language = ("language", fact.language.lower())
            dims.append(language)
            texts.append((_json_text(language[0]), _json_text(language[1])))
        explicit = context_explicit[context_number]
        if explicit is None:  # after the unit: prefixes are allocated in the order of first use
            explicit = context_explicit[context_number] = _with_json(_oim_explicit_dimensions(context, ns, used))
        return dims + explicit[0], texts + explicit[1]

    # facts of one context and unit (and language) share all dimensions but the concept
    tails: dict[tuple[int, int, str | None], _Pairs] = {}
    # what the template writes per fact, as JSON texts: id, value, decimals (None: none),
    # every dimension but the last, the last dimension's name and value; and whether a comma
    # follows the fact (every fact has a concept dimension, so there is a last one)
    rows: list[tuple[str, str, str | None, list[tuple[str, str]], str, str, bool]] = []
    for fact, fid, value, concept_number, context_number, unit_number in zip(
            report.facts, table.fact_ids, table.values, table.concept_of, table.context_of, table.unit_of):
        concept_pairs = by_concept[concept_number]
        if concept_pairs is None:
            concept = fact.concept
            concept_pairs = by_concept[concept_number] = _with_json([("concept", ns.name(concept))])
            used.add(concept.namespace)
        unit = fact.unit
        key = (context_number, unit_number, None if unit is not None else fact.language)
        tail = tails.get(key)
        if tail is None:
            tail = tails[key] = after_concept(fact, context_number, unit_number)
        dims, texts = concept_pairs[0] + tail[0], concept_pairs[1] + tail[1]
        entry: dict[str, Any] = {"id": fid, "value": value, "dimensions": dims}
        decimals = None
        if unit is not None and value is not None and fact.decimals is not INF:
            decimals = entry["decimals"] = int(fact.decimals)  # type: ignore[arg-type]
        facts.append(entry)
        last_name, last_value = texts.pop()
        rows.append((_encode_json_string(fid), "null" if value is None else _encode_json_string(value),
                     None if decimals is None else int.__repr__(decimals), texts, last_name, last_value, True))
    if rows:
        rows[-1] = rows[-1][:-1] + (False,)
    taxonomy_refs = [ext.schema_name] if ext is not None else list(_entry_points(report, taxonomy))
    return {
        "document_type": OIM_DOCUMENT_TYPE,
        "namespaces": ns.declared(used),
        "taxonomy": taxonomy_refs,
        "facts": facts,
        "fact_rows": rows,
    }


def render_json(report: Report, taxonomy=None, *, stem: str | None = None,
                template_dir: str | Path | None = None) -> bytes:
    """xBRL-JSON (OIM 1.0): facts keyed by id; periods as date-times with exclusive
    ends; no unit for xbrli:pure; no decimals for exact or nil facts. Deterministic."""
    env = _renderer_environment(template_dir)
    return _render(env, "report.json", **json_view(report, taxonomy, stem))


# --------------------------------------------------------------------------- findings


def finding_record(finding: Finding) -> dict[str, Any]:
    """A finding as plain JSON data: code, severity, message, facts and location."""
    loc = finding.location
    return {
        "code": finding.code, "severity": finding.severity, "message": finding.message, "facts": list(finding.facts),
        "location": None if loc is None else {
            "source": loc.source, "line": loc.line, "column": loc.column,
            "table": loc.table, "row": loc.row, "cell": loc.cell,
        },
    }


def findings_json(findings: Iterable[Finding]) -> bytes:
    """`{"findings": [{code, severity, message, facts, location}]}` as UTF-8 JSON."""
    records = [finding_record(f) for f in findings]
    # the same text as json.dumps({"findings": records}, ensure_ascii=False, indent=2), faster
    return (indented_json({"findings": records}) + "\n").encode("utf-8")


# --------------------------------------------------------------------------- writing

FORMATS = ("xbrl", "json", "md")


def render_all(report: Report, *, stem: str | None = None, formats: Sequence[str] = FORMATS, taxonomy=None,
               findings: Iterable[Finding] = (), template_dir: str | Path | None = None) -> dict[str, bytes]:
    """File name -> bytes for every requested format, plus `STEM.findings.json`."""
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ValueError(f"unknown output format(s): {', '.join(unknown)} (known: {', '.join(FORMATS)})")
    taxonomy = resolve_taxonomy(taxonomy)
    stem = stem or default_stem(report)
    findings = tuple(findings)
    files: dict[str, bytes] = {}
    if "xbrl" in formats:
        files.update(render_xbrl(report, taxonomy, stem=stem, template_dir=template_dir))
    if "json" in formats:
        files[f"{stem}.json"] = render_json(report, taxonomy, stem=stem, template_dir=template_dir)
    if "md" in formats:
        files[f"{stem}.md"] = render_markdown(report, taxonomy, findings, template_dir=template_dir)
    files[f"{stem}.findings.json"] = findings_json(findings)
    return files


def write(report: Report, outdir: str | Path, stem: str | None = None, formats: Sequence[str] = FORMATS,
          taxonomy=None, findings: Iterable[Finding] = (), template_dir: str | Path | None = None) -> list[Path]:
    """Render every requested format first, then write each file to a temporary file in
    `outdir` and rename it into place: a failure never leaves a half-written output.
    Returns the paths written (instance, extension taxonomy files, JSON, Markdown, findings)."""
    from .files import write_atomically

    files = render_all(report, stem=stem, formats=formats, taxonomy=taxonomy, findings=findings,
                       template_dir=template_dir)
    outdir = Path(outdir)
    return write_atomically({outdir / name: content for name, content in files.items()})


# --------------------------------------------------------------------------- Markdown summary


def concept_label(qname: QName, report: Report, taxonomy=None, role: str | None = None) -> str:
    """The concept's label (preferred `role`, else standard), else its local name."""
    concept = find_concept(qname, report, taxonomy)
    if concept is None:
        return qname.local_name
    labels = dict(concept.labels)
    if role and role in labels:
        return labels[role]
    return labels.get(LABEL_ROLE, qname.local_name)


class _ConceptIndex:
    """`find_concept` and `concept_label` for one report and taxonomy, with the report's
    concepts indexed by name (the first of equal names wins, as in `find_concept`) and each
    answer remembered: the same results, without a scan of the report per lookup."""

    def __init__(self, report: Report, taxonomy) -> None:
        self._report = report
        self._taxonomy = taxonomy
        self._own: dict[QName, Concept] = {}
        for concept in report.concepts:
            self._own.setdefault(concept.qname, concept)
        self._labels: dict[tuple[QName, str | None], str] = {}

    def concept(self, qname: QName) -> Concept | None:
        found = self._own.get(qname)
        return found if found is not None else taxonomy_concept(self._taxonomy, qname)

    def label(self, qname: QName, role: str | None = None) -> str:
        key = (qname, role)
        text = self._labels.get(key)
        if text is None:
            concept = self.concept(qname)
            if concept is None:
                text = qname.local_name
            else:
                labels = dict(concept.labels)
                text = labels[role] if role and role in labels else labels.get(LABEL_ROLE, qname.local_name)
            self._labels[key] = text
        return text


def period_label(period) -> str:
    """`2013-09-30`, `2013-07-01 to 2013-09-30`, or `forever`."""
    if isinstance(period, Instant):
        return period.date.isoformat()
    if isinstance(period, Duration):
        return f"{period.start.isoformat()} to {period.end.isoformat()}"
    return "forever"


def _period_sort_key(period):
    if isinstance(period, Instant):
        return (period.date, 0, _dt.date.min)
    if isinstance(period, Duration):
        return (period.end, 1, period.start)
    return (_dt.date.min, -1, _dt.date.min)


def display_value(fact: Fact) -> str:
    """A value for people: thousands separators for numbers, `(nil)` for nil, text cut at 80."""
    value = fact.value
    if value is None:
        return "(nil)"
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"not a finite number: {value}")
        # Decimal's "f" format writes every digit without an exponent, "," groups the whole
        # part in thousands; trimmed as canonical_decimal trims, this is the canonical text
        # with thousands separators
        text = format(value, ",f")
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return "0" if text == "-0" else text
    text = lexical(value)
    text = " ".join(text.split())
    return text if len(text) <= 80 else text[:79] + "…"


def _unit_suffix(unit: Unit | None) -> str:
    if unit is None or unit.id == "pure":
        return ""
    return unit.id


def _row_label(fact: Fact, index: _ConceptIndex, role: str | None) -> str:
    label = index.label(fact.concept, role)
    if fact.context.dimensions:
        members = ", ".join(index.label(m) for _, m in fact.context.dimensions)
        label = f"{label} [{members}]"
    return label


def _network_order(network: Network) -> list[tuple[QName, str | None]]:
    """Concepts of a presentation network depth first from its roots, with preferred labels."""
    children: dict[QName, list[Relationship]] = defaultdict(list)
    parents: set[QName] = set()
    childset: set[QName] = set()
    for rel in network.relationships:
        children[rel.parent].append(rel)
        parents.add(rel.parent)
        childset.add(rel.child)
    roots = [q for q in dict.fromkeys(r.parent for r in network.relationships) if q not in childset]
    out: list[tuple[QName, str | None]] = []
    seen: set[QName] = set()

    def visit(q: QName, preferred: str | None) -> None:
        if q in seen:
            return
        seen.add(q)
        out.append((q, preferred))
        for rel in sorted(children.get(q, []), key=lambda r: r.order):
            visit(rel.child, rel.preferred_label)

    for root in roots:
        visit(root, None)
    return out


def _statement_groups(report: Report, taxonomy, used: set[QName]) -> list[tuple[str, list[tuple[QName, str | None]]]]:
    networks = [n for n in report.networks if n.kind == "presentation"]
    if not networks and taxonomy is not None:
        networks = [n for n in (getattr(taxonomy, "networks", ()) or ()) if getattr(n, "kind", "") == "presentation"]
    groups = []
    for network in networks:
        order = [(q, pl) for q, pl in _network_order(network) if q in used]
        if order:
            groups.append((network.definition or network.role, order))
    return groups


def markdown_view(report: Report, taxonomy=None, findings: Iterable[Finding] = ()) -> dict[str, Any]:
    """The plain view of the Markdown summary: statement tables, key figures, findings."""
    taxonomy = resolve_taxonomy(taxonomy)
    facts = _fact_table(report)
    groups = _statement_groups(report, taxonomy, set(facts.concepts))
    index = _ConceptIndex(report, taxonomy)
    # every period once, newest first (the sort key tells all periods apart): tables use ranks
    ranks = {p: i for i, p in enumerate(sorted({c.period for c in facts.contexts},
                                                key=_period_sort_key, reverse=True))}
    period_labels = [period_label(p) for p in ranks]
    # per context number: its period's rank, and a number for its dimensions (equal
    # dimensions, equal numbers), so that each fact below is placed by small integers
    rank_of = [ranks[c.period] for c in facts.contexts]
    dimension_numbers: dict[tuple, int] = {}
    dimensions_of = [dimension_numbers.setdefault(c.dimensions, len(dimension_numbers)) for c in facts.contexts]
    # the rows of each concept, built once: facts of one concept, dimensions and unit share a
    # row; a row's cell for a period is the first such fact's display value. A concept's rows
    # are the same in every table it appears in (only the role of their label may differ),
    # and every concept appears in at least one table (the last takes what no statement did).
    row_numbers: dict[tuple, int] = {}
    # row number -> (first fact, rank -> text, rank -> text escaped for a table cell)
    rows_by_number: list[tuple[Fact, dict[int, str], dict[int, str]]] = []
    concept_rows: dict[QName, list[int]] = {}
    for f, concept_number, context_number, unit_number in zip(report.facts, facts.concept_of, facts.context_of,
                                                              facts.unit_of):
        number = row_numbers.setdefault((concept_number, dimensions_of[context_number], unit_number), len(row_numbers))
        if number == len(rows_by_number):
            rows_by_number.append((f, {}, {}))
            concept_rows.setdefault(f.concept, []).append(number)
        _, cells, escaped = rows_by_number[number]
        rank = rank_of[context_number]
        if rank not in cells:
            text = cells[rank] = display_value(f)
            # a number's display text (digits, "-", "," and ".") is its own md_cell text
            escaped[rank] = text if isinstance(f.value, Decimal) else md_cell(text)
    # (row number, label role, columns) -> the row as the view gives it and as the bundled
    # template writes it (label, unit and cells escaped for a table cell). The statements of
    # a release share concepts and periods: a row that appears in several tables with the
    # same columns is laid out once.
    laid_out: dict[tuple[int, str | None, tuple[int, ...]], tuple[dict[str, Any], tuple[str, str, list[str]]]] = {}
    placed: set[QName] = set()
    tables = []

    def table(title: str, concepts: list[tuple[QName, str | None]]) -> dict[str, Any] | None:
        present = [q for q in dict.fromkeys(q for q, _ in concepts) if q in concept_rows]
        if not present:
            return None
        numbers = [number for q in present for number in concept_rows[q]]
        columns = tuple(sorted(set().union(*(rows_by_number[number][1] for number in numbers))))
        preferred = dict(concepts)
        rows = []
        lines = []
        for q in present:
            role = preferred.get(q)
            for number in concept_rows[q]:
                key = (number, role, columns)
                row = laid_out.get(key)
                if row is None:
                    first, cells, escaped = rows_by_number[number]
                    label, unit = _row_label(first, index, role), _unit_suffix(first.unit)
                    # a period the row has no fact for has an empty cell
                    raw = list(map(cells.get, columns, repeat("")))
                    row = laid_out[key] = ({"label": label, "unit": unit, "cells": raw},
                                           (md_cell(label), md_cell(unit), list(map(escaped.get, columns, repeat("")))))
                rows.append(row[0])
                lines.append(row[1])
        # every row has a cell in some column (its first fact's), so no table is without columns
        return {"title": title, "periods": [period_labels[r] for r in columns], "rows": rows, "lines": lines}

    for title, concepts in groups:
        t = table(title, concepts)
        if t is not None:
            tables.append(t)
            placed.update(q for q, _ in concepts)
    rest = [q for q in facts.concepts if q not in placed]  # in order of first use
    if rest:
        t = table("Facts" if not tables else "Other facts", [(q, None) for q in rest])
        if t is not None:
            tables.append(t)

    return {
        "title": report.document.title or default_stem(report),
        "source": report.document.source,
        "entity": f"{report.entity.identifier} ({report.entity.scheme})" if report.entity else "",
        "fact_count": len(report.facts),
        "tables": tables,
        "key_figures": _key_figures(report, index),
        "findings": [f.format() for f in findings],
    }


def _days(period: Duration) -> int:
    return (period.end - period.start).days


def comparable_prior(period, candidates: Iterable[Any]):
    """The period to compare `period` with: the same length a year earlier, else the
    immediately preceding period of the same length. None when there is none."""
    candidates = list(candidates)
    if isinstance(period, Instant):
        instants = [p for p in candidates if isinstance(p, Instant) and p.date < period.date]
        year = [p for p in instants if abs((period.date - p.date).days - 365) <= 7]
        if year:
            return max(year, key=lambda p: p.date)
        return max(instants, key=lambda p: p.date) if instants else None
    if isinstance(period, Duration):
        same = [p for p in candidates if isinstance(p, Duration) and p.end < period.end
                and abs(_days(p) - _days(period)) <= 7]
        year = [p for p in same if abs((period.end - p.end).days - 365) <= 7]
        if year:
            return max(year, key=lambda p: p.end)
        previous = [p for p in same if abs((period.start - p.end).days - 1) <= 7]
        return max(previous, key=lambda p: p.end) if previous else None
    return None


# Percent changes between very large and very small values need more than 28 digits.
_WIDE = decimal.Context(prec=200)


def _change(current: Decimal, prior: Decimal) -> tuple[str, str]:
    diff = current - prior
    text = display_value(Fact(QName(XBRLI, "x"), Context(Entity("x", "x"), Forever()), diff, Unit((XBRLI_PURE,)), INF))
    if not diff.is_signed() and diff != 0:
        text = "+" + text
    if prior == 0:
        return text, ""
    pct = (diff / abs(prior) * 100).quantize(Decimal("0.1"), context=_WIDE)
    return text, ("+" if pct > 0 else "") + canonical_decimal(pct) + "%"


def key_figures(report: Report, taxonomy=None, limit: int = 20) -> list[dict[str, str]]:
    """Numeric facts (no dimensions) of the latest duration period, each with the
    comparable prior period's value and the change; instants of the latest date when
    the report has no durations."""
    return _key_figures(report, _ConceptIndex(report, taxonomy), limit)


def _key_figures(report: Report, index: _ConceptIndex, limit: int = 20) -> list[dict[str, str]]:
    table = _fact_table(report)
    contexts = table.contexts
    # the numeric facts without dimensions, with their context numbers: what holds for a
    # context (its period is the latest or the prior one) is worked out once per context
    plain = [not c.dimensions for c in contexts]
    numeric = [(f, n) for f, n in zip(report.facts, table.context_of)
               if f.unit is not None and f.value is not None and plain[n]]
    durations = [f.context.period for f, _ in numeric if isinstance(f.context.period, Duration)]
    if durations:
        latest_end = max(p.end for p in durations)
        # the shortest period ending last is "the period" of an earnings release (the quarter)
        latest = min((p for p in durations if p.end == latest_end), key=_days)
    else:
        instants = [f.context.period for f, _ in numeric if isinstance(f.context.period, Instant)]
        if not instants:
            return []
        latest = max(instants, key=lambda p: p.date)
    periods = {contexts[n].period for n in {n for _, n in numeric}}
    prior = comparable_prior(latest, periods)
    is_latest = [c.period == latest for c in contexts]
    is_prior = [prior is not None and c.period == prior for c in contexts]
    # (concept, unit, entity) -> the (last) fact of the prior period
    before_of = {(f.concept, f.unit, f.context.entity): f for f, n in numeric if is_prior[n]}
    out = []
    for f, n in numeric:
        if not is_latest[n]:
            continue
        row = {"label": index.label(f.concept), "period": period_label(latest),
               "value": display_value(f), "unit": _unit_suffix(f.unit), "prior_period": "", "prior": "",
               "change": "", "change_pct": ""}
        if prior is not None:
            before = before_of.get((f.concept, f.unit, f.context.entity))
            if before is not None:
                row["prior_period"] = period_label(prior)
                row["prior"] = display_value(before)
                row["change"], row["change_pct"] = _change(f.value, before.value)  # type: ignore[arg-type]
        if any(r["label"] == row["label"] and r["unit"] == row["unit"] for r in out):
            continue
        out.append(row)
        if len(out) >= limit:
            break
    return out


def render_markdown(report: Report, taxonomy=None, findings: Iterable[Finding] = (), *,
                    template_dir: str | Path | None = None) -> bytes:
    """A Markdown summary: statement tables (labels as rows, periods as columns), key
    figures of the latest period with changes against the comparable prior period,
    and the findings as `path:line: CODE message`. Every cell is Markdown-escaped."""
    env = _renderer_environment(template_dir)
    return _render(env, "summary.md", **markdown_view(report, taxonomy, findings))
