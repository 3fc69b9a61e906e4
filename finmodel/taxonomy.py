"""The taxonomy: concepts, labels and relationships read from any XBRL taxonomy.

Input: an XBRL Taxonomy Package (a folder holding `META-INF/`, or its `.zip`), or a
schema file; by default the package bundled with finmodel (`taxonomy/`).
Output: a `Taxonomy` value: the concepts (`finmodel.model.Concept`) keyed by QName,
the label, calculation, presentation and definition networks
(`finmodel.model.Network`), the schema URLs an instance imports, and the catalog
that maps official URLs to local files.

How documents are found: an entry point's `xs:import`/`xs:include` and
`link:linkbaseRef` references are followed; each URL is resolved through the
package catalog (and the catalog of `base`), then relative to the referring
document. Nothing is ever fetched from the network: the XBRL specification
schemas (www.xbrl.org: instance, linkbase, dimensions, DTR types) are known
base types and are not read; any other URL still remote after the catalogs is
recorded in `Taxonomy.skipped`. XML is parsed with `finmodel.xmlsafe` (no DTD,
no entities, no network).
"""

from __future__ import annotations

import functools
import io
import posixpath
import re
import zipfile
from collections import defaultdict
from decimal import Decimal, InvalidOperation
from pathlib import Path
from types import MappingProxyType
from typing import Iterable, Mapping
from urllib.parse import unquote, urljoin, urlsplit

import attrs
from lxml import etree

from . import regex
from .errors import InputError
from .model import LABEL_ROLE, NUMERIC_TYPES, XBRLI, Concept, Network, QName, Relationship, tuple_of
from .resources import taxonomy_dir
from .xmlsafe import parse_xml

__all__ = [
    "US_GAAP_NS", "DEI_NS", "SRT_NS", "Catalog", "Taxonomy", "load_taxonomy", "package_zip",
    "SUMMATION_ITEM", "SUMMATION_ITEM_11",
]

US_GAAP_NS = "http://fasb.org/us-gaap/2024"
DEI_NS = "http://xbrl.sec.gov/dei/2024"
SRT_NS = "http://fasb.org/srt/2024"

XS = "http://www.w3.org/2001/XMLSchema"
LINK = "http://www.xbrl.org/2003/linkbase"
XLINK = "http://www.w3.org/1999/xlink"
XBRLDT = "http://xbrl.org/2005/xbrldt"
CATALOG_NS = "urn:oasis:names:tc:entity:xmlns:xml:catalog"
TP_NS = "http://xbrl.org/2016/taxonomy-package"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

SUMMATION_ITEM = "http://www.xbrl.org/2003/arcrole/summation-item"
SUMMATION_ITEM_11 = "https://xbrl.org/2023/arcrole/summation-item"
PARENT_CHILD = "http://www.xbrl.org/2003/arcrole/parent-child"
CONCEPT_LABEL = "http://www.xbrl.org/2003/arcrole/concept-label"
DIMENSION_ARCROLES = frozenset(
    "http://xbrl.org/int/dim/arcrole/" + a
    for a in ("all", "notAll", "hypercube-dimension", "dimension-domain", "domain-member", "dimension-default")
)

# Remote documents known without reading them: the XBRL specification schemas and registries
# that Arelle ships offline. Their types (xbrli:monetaryItemType, the DTR types) are known by name.
_KNOWN_REMOTE = regex.compile(r"^https?://(www\.)?(xbrl\.org|w3\.org)/", re.IGNORECASE)
_ITEM_HEADS = {
    (XBRLI, "item"): "item",
    (XBRLDT, "dimensionItem"): "dimensionItem",
    (XBRLDT, "hypercubeItem"): "hypercubeItem",
}
_TUPLE = (XBRLI, "tuple")
_BUNDLED_ZIP_TOP = "finmodel-taxonomy"


# --------------------------------------------------------------------------- locations


def _join(base: str, href: str) -> str:
    """Resolve `href` against the location `base` (URL, file URI or `zip:FILE!/member`)."""
    href = href.strip()
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", href) and not re.match(r"^[A-Za-z]:[\\/]", href):
        return href
    if base.startswith("zip:") and "!/" in base:
        archive, member = base[4:].split("!/", 1)
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(member), href)) if href else member
        return f"zip:{archive}!/{joined.lstrip('/')}"
    return urljoin(base, href)


def _strip_fragment(url: str) -> str:
    return url.split("#", 1)[0]


def _file_location(path: Path) -> str:
    return path.resolve().as_uri()


@attrs.frozen
class Catalog:
    """URL prefix rewrites of one or more package catalogs: `(uriStartString, local prefix)`,
    longest prefix first. Local prefixes are file URIs or `zip:ARCHIVE!/member/`."""

    rewrites: tuple[tuple[str, str], ...] = attrs.field(
        default=(), converter=lambda v: tuple(sorted(set(tuple(p) for p in v), key=lambda p: (-len(p[0]), p)))
    )

    def resolve(self, url: str) -> str | None:
        """The local location of `url` (file URI or zip location), or None when no rewrite applies."""
        for start, prefix in self.rewrites:
            if url.startswith(start):
                return prefix + url[len(start):]
        return None

    def official(self, location: str) -> str | None:
        """The official URL of a local location (the reverse rewrite), or None."""
        best: tuple[int, str] | None = None
        for start, prefix in self.rewrites:
            if location.startswith(prefix) and (best is None or len(prefix) > best[0]):
                best = (len(prefix), start + location[len(prefix):])
        return best[1] if best else None

    def local_path(self, url: str) -> Path | None:
        """The file-system path `url` maps to (None when unmapped or inside a zip)."""
        loc = self.resolve(url)
        if loc and loc.startswith("file:"):
            return Path(unquote(urlsplit(loc).path))
        return None

    def merged(self, other: "Catalog | None") -> "Catalog":
        """This catalog's rewrites plus `other`'s (this one wins on equal prefixes)."""
        if other is None:
            return self
        mine = {s for s, _ in self.rewrites}
        return Catalog(self.rewrites + tuple(p for p in other.rewrites if p[0] not in mine))


# --------------------------------------------------------------------------- the taxonomy


def _frozen_mapping(value) -> Mapping:
    return MappingProxyType(dict(value))


@attrs.frozen(eq=False)
class Taxonomy:
    """A loaded taxonomy (read-only).

    `concepts`: QName -> Concept (read-only mapping). `networks`: calculation, presentation
    and definition networks, one per (kind, role), sorted; each relationship keeps its arcrole. `entry_points`: the official
    URLs of the schemas that declare concepts (what an instance imports). `prefixes`:
    namespace -> preferred prefix. `skipped`: remote URLs that were referenced but not read.
    `catalog`: the URL rewrites used. `schema_namespaces`: schema URL -> target namespace.
    `locations`: QName -> `schema-url#element-id` (for linkbase locators).
    """

    concepts: Mapping[QName, Concept] = attrs.field(converter=_frozen_mapping)
    networks: tuple[Network, ...] = attrs.field(converter=tuple_of)
    entry_points: tuple[str, ...] = attrs.field(converter=tuple_of)
    prefixes: Mapping[str, str] = attrs.field(converter=_frozen_mapping)
    skipped: tuple[str, ...] = attrs.field(default=(), converter=tuple_of)
    catalog: Catalog = Catalog()
    schema_namespaces: Mapping[str, str] = attrs.field(factory=dict, converter=_frozen_mapping)
    locations: Mapping[QName, str] = attrs.field(factory=dict, converter=_frozen_mapping)
    base_types: Mapping[QName, QName] = attrs.field(factory=dict, converter=_frozen_mapping)

    def concept(self, qname: QName) -> Concept | None:
        """The concept named `qname`, or None when the taxonomy does not declare it."""
        return self.concepts.get(qname)

    def find(self, prefixed_name: str) -> Concept | None:
        """The concept for `prefix:LocalName` (e.g. "us-gaap:Revenues") using the preferred
        prefixes, or None. A name without a prefix matches when exactly one concept has it."""
        prefix, _, local = prefixed_name.rpartition(":")
        if not prefix:
            found = [c for q, c in self.concepts.items() if q.local_name == local]
            return found[0] if len(found) == 1 else None
        for namespace, p in self.prefixes.items():
            if p == prefix:
                concept = self.concepts.get(QName(namespace, local))
                if concept is not None:
                    return concept
        return None

    def calculations(self) -> tuple[Network, ...]:
        """The calculation networks (XBRL 2.1 and Calculations 1.1 summation-item)."""
        return tuple(n for n in self.networks if n.kind == "calculation")

    def presentations(self) -> tuple[Network, ...]:
        """The presentation networks."""
        return tuple(n for n in self.networks if n.kind == "presentation")

    def definitions(self) -> tuple[Network, ...]:
        """The definition networks (dimension arcs and others)."""
        return tuple(n for n in self.networks if n.kind == "definition")

    def label(self, qname: QName, role: str = LABEL_ROLE) -> str:
        """The label of `qname` in `role`, else its standard label, else its local name."""
        concept = self.concepts.get(qname)
        if concept is None:
            return qname.local_name
        labels = dict(concept.labels)
        return labels.get(role) or labels.get(LABEL_ROLE) or qname.local_name

    def item_type(self, qname: QName) -> QName | None:
        """The XBRL item type that the concept's data type derives from (e.g. xbrli:tokenItemType
        for dei:centralIndexKeyItemType); the declared type when its derivation is unknown."""
        concept = self.concepts.get(qname)
        if concept is None:
            return None
        t = concept.data_type
        seen = set()
        while t in self.base_types and t not in seen and t.namespace != XBRLI:
            seen.add(t)
            t = self.base_types[t]
        return t

    def is_numeric(self, qname: QName) -> bool:
        """True when facts of the concept carry numbers (following data type derivations)."""
        concept = self.concepts.get(qname)
        if concept is None:
            return False
        if concept.is_numeric:
            return True
        t = self.item_type(qname)
        return t is not None and t.local_name in NUMERIC_TYPES

    def concept_href(self, qname: QName) -> str | None:
        """`schema-url#element-id` of the concept's declaration, for linkbase locators."""
        return self.locations.get(qname)

    def schema_namespace(self, url: str) -> str | None:
        """The target namespace of the schema at `url`, when the taxonomy read it."""
        return self.schema_namespaces.get(url)

    def resolve(self, url: str) -> Path | None:
        """The local file `url` maps to through the catalog (None when not mapped to a file)."""
        return self.catalog.local_path(url)

    def merged(self, concepts: Iterable[Concept] = (), networks: Iterable[Network] = ()) -> "Taxonomy":
        """A new taxonomy with a report's extension `concepts` (replacing same-named ones) and
        `networks` added; prefixes of the new concepts are added where missing."""
        new_concepts = dict(self.concepts)
        prefixes = dict(self.prefixes)
        for c in concepts:
            new_concepts[c.qname] = c
            if c.qname.prefix and c.qname.namespace not in prefixes:
                prefixes[c.qname.namespace] = c.qname.prefix
        return attrs.evolve(self, concepts=new_concepts, prefixes=prefixes,
                            networks=tuple(self.networks) + tuple(networks))


# --------------------------------------------------------------------------- reading documents


class _Source:
    """Reads locations: file URIs and members of one or more zip archives."""

    def __init__(self) -> None:
        self._zips: dict[str, zipfile.ZipFile] = {}

    def open_zip(self, path: Path) -> str:
        key = str(path.resolve())
        if key not in self._zips:
            try:
                self._zips[key] = zipfile.ZipFile(path)
            except (OSError, zipfile.BadZipFile) as exc:
                raise InputError(str(path), f"not a readable zip archive: {exc}") from None
        return key

    def members(self, archive: str) -> list[str]:
        return self._zips[archive].namelist()

    def read(self, location: str) -> bytes | None:
        try:
            if location.startswith("zip:"):
                archive, member = location[4:].split("!/", 1)
                zf = self._zips.get(archive)
                if zf is None:
                    zf = self._zips[self.open_zip(Path(archive))]
                return zf.read(member)
            if location.startswith("file:"):
                return Path(unquote(urlsplit(location).path)).read_bytes()
        except (KeyError, OSError, ValueError):
            return None
        return None

    def close(self) -> None:
        for zf in self._zips.values():
            zf.close()


def _attr(el: etree._Element, name: str, default: str | None = None) -> str | None:
    return el.get(name, default)


def _qname_from(text: str | None, el: etree._Element) -> QName | None:
    """Resolve a `prefix:local` attribute value against the element's namespace map."""
    if not text:
        return None
    text = text.strip()
    prefix, _, local = text.rpartition(":")
    namespace = el.nsmap.get(prefix or None)
    if namespace is None:
        return None
    try:
        return QName(namespace, local, prefix)
    except ValueError:
        return None


@attrs.define
class _Decl:
    """An element declaration as read, before substitution groups are resolved."""

    qname: QName
    type: QName | None
    subst: QName | None
    period_type: str | None
    balance: str | None
    abstract: bool
    nillable: bool
    url: str
    element_id: str | None


@attrs.define
class _Arc:
    kind: str
    role: str
    arcrole: str
    parent: QName
    child: QName
    order: Decimal
    weight: Decimal | None
    preferred_label: str | None
    priority: int
    prohibited: bool


class _Loader:
    def __init__(self, catalog: Catalog, source: _Source) -> None:
        self.catalog = catalog
        self.source = source
        self.loaded: set[str] = set()       # locations already read
        self.queue: list[tuple[str, str]] = []  # (identity URL, location)
        self.skipped: set[str] = set()
        self.decls: dict[QName, _Decl] = {}
        self.types: dict[QName, QName] = {}
        self.prefixes: dict[str, str] = {}
        self.schema_ns: dict[str, str] = {}
        self.role_definitions: dict[str, str] = {}
        self.labels: dict[QName, dict[str, tuple[int, str]]] = defaultdict(dict)
        self.arcs: list[_Arc] = []
        self.id_index: dict[str, dict[str, QName]] = defaultdict(dict)  # schema identity -> id -> qname
        self.pending_links: list[tuple[str, etree._Element]] = []        # resolved after all schemas

    # -- locating

    def locate(self, url: str) -> tuple[str, str] | None:
        """(identity, location) of a referenced document, or None when it is not read."""
        url = _strip_fragment(url)
        mapped = self.catalog.resolve(url)
        if mapped is not None:
            return url, mapped
        if url.startswith(("file:", "zip:")):
            official = self.catalog.official(url)
            return (official or url), url
        if _KNOWN_REMOTE.match(url):
            return None
        self.skipped.add(url)
        return None

    def add(self, url: str) -> None:
        found = self.locate(url)
        if found is not None and found[1] not in self.loaded:
            self.loaded.add(found[1])
            self.queue.append(found)

    def run(self) -> None:
        while self.queue:
            identity, location = self.queue.pop(0)
            data = self.source.read(location)
            if data is None:
                self.skipped.add(identity)
                continue
            root = parse_xml(_display(location), data)
            if root.tag == f"{{{XS}}}schema":
                self.read_schema(identity, root)
            elif root.tag == f"{{{LINK}}}linkbase":
                self.pending_links.append((identity, root))
                self.follow_linkbase_refs(identity, root)
        for identity, root in self.pending_links:
            self.read_linkbase(identity, root)

    # -- schemas

    def read_schema(self, url: str, root: etree._Element) -> None:
        target = root.get("targetNamespace")
        if target:
            self.schema_ns[url] = target
            for prefix, ns in root.nsmap.items():
                if ns == target and prefix and target not in self.prefixes:
                    self.prefixes[target] = prefix
        for child in root:
            tag = child.tag
            if tag in (f"{{{XS}}}import", f"{{{XS}}}include"):
                loc = child.get("schemaLocation")
                if loc:
                    self.add(_join(url, loc))
            elif tag == f"{{{XS}}}element" and target and child.get("name"):
                self.read_element(url, target, child)
            elif tag == f"{{{XS}}}complexType" and target and child.get("name"):
                base = child.find(f"{{{XS}}}simpleContent/*[@base]")
                if base is None:
                    base = child.find(f"{{{XS}}}complexContent/*[@base]")
                base_q = _qname_from(base.get("base"), base) if base is not None else None
                if base_q is not None:
                    self.types[QName(target, child.get("name"))] = base_q
            elif tag == f"{{{XS}}}simpleType" and target and child.get("name"):
                base = child.find(f"{{{XS}}}restriction[@base]")
                base_q = _qname_from(base.get("base"), base) if base is not None else None
                if base_q is not None:
                    self.types[QName(target, child.get("name"))] = base_q
            elif tag == f"{{{XS}}}annotation":
                for appinfo in child.iter(f"{{{XS}}}appinfo"):
                    for item in appinfo:
                        if item.tag == f"{{{LINK}}}linkbaseRef":
                            self.linkbase_ref(url, item)
                        elif item.tag == f"{{{LINK}}}roleType":
                            self.role_type(item)
                        elif item.tag == f"{{{LINK}}}linkbase":
                            self.pending_links.append((url, item))

    def read_element(self, url: str, target: str, el: etree._Element) -> None:
        name = el.get("name")
        prefix = self.prefixes.get(target, "")
        try:
            qname = QName(target, name, prefix)
        except ValueError:
            return
        balance = el.get(f"{{{XBRLI}}}balance")
        period = el.get(f"{{{XBRLI}}}periodType")
        decl = _Decl(
            qname=qname,
            type=_qname_from(el.get("type"), el),
            subst=_qname_from(el.get("substitutionGroup"), el),
            period_type=period,
            balance=balance if balance in ("debit", "credit") else None,
            abstract=el.get("abstract", "false").strip() in ("true", "1"),
            nillable=el.get("nillable", "false").strip() in ("true", "1"),
            url=url,
            element_id=el.get("id"),
        )
        self.decls[qname] = decl
        if decl.element_id:
            self.id_index[url][decl.element_id] = qname

    def role_type(self, el: etree._Element) -> None:
        uri = el.get("roleURI")
        definition = el.findtext(f"{{{LINK}}}definition")
        if uri and uri not in self.role_definitions:
            self.role_definitions[uri] = " ".join((definition or "").split())

    def linkbase_ref(self, url: str, el: etree._Element) -> None:
        href = el.get(f"{{{XLINK}}}href")
        role = el.get(f"{{{XLINK}}}role", "")
        if href and not role.endswith("/referenceLinkbaseRef"):
            self.add(_join(url, href))

    # -- linkbases

    def follow_linkbase_refs(self, url: str, root: etree._Element) -> None:
        for el in root:
            if el.tag in (f"{{{LINK}}}roleRef", f"{{{LINK}}}arcroleRef"):
                href = el.get(f"{{{XLINK}}}href")
                if href:
                    self.add(_join(url, href))
            elif el.get(f"{{{XLINK}}}type") == "extended":
                for loc in el:
                    if loc.get(f"{{{XLINK}}}type") == "locator":
                        href = loc.get(f"{{{XLINK}}}href")
                        if href:
                            self.add(_join(url, href))

    def concept_at(self, url: str, href: str) -> QName | None:
        target = _join(url, href)
        doc, _, fragment = target.partition("#")
        found = self.locate(doc)
        identity = found[0] if found else doc
        qname = self.id_index.get(identity, {}).get(fragment)
        if qname is None and fragment.startswith("element("):
            return None
        return qname

    def read_linkbase(self, url: str, root: etree._Element) -> None:
        for link in root:
            if link.get(f"{{{XLINK}}}type") != "extended":
                continue
            local = etree.QName(link).localname
            kind = {"labelLink": "label", "calculationLink": "calculation",
                    "presentationLink": "presentation", "definitionLink": "definition"}.get(local)
            if kind is None or etree.QName(link).namespace != LINK:
                continue
            role = link.get(f"{{{XLINK}}}role", "")
            locs: dict[str, list[QName]] = defaultdict(list)
            resources: dict[str, list[etree._Element]] = defaultdict(list)
            arcs = []
            for el in link:
                xtype = el.get(f"{{{XLINK}}}type")
                label = el.get(f"{{{XLINK}}}label")
                if xtype == "locator" and label:
                    q = self.concept_at(url, el.get(f"{{{XLINK}}}href", ""))
                    if q is not None:
                        locs[label].append(q)
                elif xtype == "resource" and label:
                    resources[label].append(el)
                elif xtype == "arc":
                    arcs.append(el)
            for arc in arcs:
                arcrole = arc.get(f"{{{XLINK}}}arcrole", "")
                frm, to = arc.get(f"{{{XLINK}}}from"), arc.get(f"{{{XLINK}}}to")
                if kind == "label":
                    if arcrole != CONCEPT_LABEL:
                        continue
                    for concept in locs.get(frm, ()):
                        for res in resources.get(to, ()):
                            self.add_label(concept, res)
                    continue
                if kind == "calculation" and arcrole not in (SUMMATION_ITEM, SUMMATION_ITEM_11):
                    continue
                if kind == "presentation" and arcrole != PARENT_CHILD:
                    continue
                order = _decimal(arc.get("order"), Decimal(1))
                weight = _decimal(arc.get("weight"), None) if kind == "calculation" else None
                preferred = arc.get("preferredLabel") if kind == "presentation" else None
                try:
                    priority = int(arc.get("priority", "0"))
                except ValueError:
                    priority = 0
                prohibited = arc.get("use") == "prohibited"
                for parent in locs.get(frm, ()):
                    for child in locs.get(to, ()):
                        self.arcs.append(_Arc(kind, role, arcrole, parent, child, order, weight,
                                              preferred, priority, prohibited))

    def add_label(self, concept: QName, res: etree._Element) -> None:
        if etree.QName(res).localname != "label":
            return
        lang = (res.get(XML_LANG) or "").lower()
        if not lang.startswith("en"):
            return
        rank = 0 if lang == "en-us" else 1 if lang == "en" else 2
        role = res.get(f"{{{XLINK}}}role", LABEL_ROLE)
        text = " ".join("".join(res.itertext()).split())
        current = self.labels[concept].get(role)
        if current is None or rank < current[0]:
            self.labels[concept][role] = (rank, text)

    # -- results

    def concepts(self) -> dict[QName, Concept]:
        out: dict[QName, Concept] = {}
        for qname, decl in self.decls.items():
            group = self.item_group(decl)
            if group is None or decl.period_type not in ("instant", "duration"):
                continue  # tuples, non-XBRL elements
            data_type = decl.type or QName(XBRLI, "stringItemType", "xbrli")
            if not data_type.prefix:
                data_type = QName(data_type.namespace, data_type.local_name, self.prefixes.get(data_type.namespace, ""))
            labels = {role: text for role, (_rank, text) in self.labels.get(qname, {}).items()}
            out[qname] = Concept(
                qname=qname, data_type=data_type, period_type=decl.period_type, balance=decl.balance,
                abstract=decl.abstract, nillable=decl.nillable, substitution_group=group, labels=labels,
            )
        return out

    def item_group(self, decl: _Decl) -> str | None:
        seen: set[QName] = set()
        head = decl.subst
        first = None
        while head is not None and head not in seen:
            key = (head.namespace, head.local_name)
            if key in _ITEM_HEADS:
                return first or _ITEM_HEADS[key]
            if key == _TUPLE:
                return None
            seen.add(head)
            first = first or head.local_name
            parent = self.decls.get(head)
            head = parent.subst if parent else None
        return None

    def networks(self) -> list[Network]:
        best: dict[tuple, _Arc] = {}
        for arc in self.arcs:
            key = (arc.kind, arc.role, arc.arcrole, arc.parent, arc.child)
            held = best.get(key)
            if held is None or arc.priority > held.priority or (
                    arc.priority == held.priority and arc.prohibited and not held.prohibited):
                best[key] = arc
        grouped: dict[tuple[str, str], list[_Arc]] = defaultdict(list)
        for arc in best.values():
            if not arc.prohibited:
                grouped[(arc.kind, arc.role)].append(arc)
        out = []
        for (kind, role), arcs in sorted(grouped.items()):
            arcs.sort(key=lambda a: (a.arcrole, a.parent.namespace, a.parent.local_name, a.order,
                                     a.child.namespace, a.child.local_name))
            rels = tuple(Relationship(a.parent, a.child, a.order, a.weight, a.preferred_label, a.arcrole)
                         for a in arcs)
            out.append(Network(kind, role, self.role_definitions.get(role, ""), rels))
        return out


def _decimal(text: str | None, default):
    if text is None:
        return default
    try:
        value = Decimal(text.strip())
    except (InvalidOperation, AttributeError):
        return default
    return value if value.is_finite() else default


def _display(location: str) -> str:
    if location.startswith("file:"):
        return unquote(urlsplit(location).path)
    if location.startswith("zip:"):
        return location[4:].replace("!/", "/", 1)
    return location


# --------------------------------------------------------------------------- packages


def _parse_catalog(data: bytes, catalog_location: str, name: str) -> list[tuple[str, str]]:
    root = parse_xml(name, data)
    out = []
    for el in root.iter(f"{{{CATALOG_NS}}}rewriteURI", f"{{{CATALOG_NS}}}rewriteSystem"):
        start = el.get("uriStartString") or el.get("systemIdStartString")
        prefix = el.get("rewritePrefix")
        if start and prefix is not None:
            target = _join(catalog_location, prefix)
            if prefix.endswith("/") and not target.endswith("/"):
                target += "/"
            out.append((start, target))
    return out


def _package_entry_points(data: bytes, tp_location: str, name: str) -> list[str]:
    root = parse_xml(name, data)
    return [_join(tp_location, el.get("href"))
            for el in root.iter(f"{{{TP_NS}}}entryPointDocument") if el.get("href")]


def _package_root_in_zip(members: list[str]) -> str | None:
    """The member prefix (`""` or `top/`) of the folder holding META-INF/, or None."""
    candidates = [m[: -len("META-INF/")] for m in (
        x.rsplit("META-INF/", 1)[0] + "META-INF/" for x in members if "META-INF/" in x)]
    if not candidates:
        return None
    return min(set(candidates), key=len)


def _open(path: Path, source: _Source) -> tuple[list[tuple[str, str]], list[str], str]:
    """(catalog rewrites, entry point URLs, display name) of a package folder, zip or schema."""
    if not path.exists():
        raise InputError(str(path), "no such file or folder")
    if path.is_dir():
        root = path
        if not (root / "META-INF").is_dir():
            subs = [p for p in root.iterdir() if (p / "META-INF").is_dir()]
            if len(subs) != 1:
                raise InputError(str(path), "not a taxonomy package: no META-INF/ folder")
            root = subs[0]
        base = _file_location(root) + "/"
        rewrites: list[tuple[str, str]] = []
        entries: list[str] = []
        cat = root / "META-INF" / "catalog.xml"
        if cat.is_file():
            rewrites = _parse_catalog(cat.read_bytes(), base + "META-INF/catalog.xml", str(cat))
        tp = root / "META-INF" / "taxonomyPackage.xml"
        if tp.is_file():
            entries = _package_entry_points(tp.read_bytes(), base + "META-INF/taxonomyPackage.xml", str(tp))
        if not entries:
            entries = [_file_location(p) for p in sorted(root.rglob("*.xsd")) if "META-INF" not in p.parts]
        return rewrites, entries, str(path)
    if zipfile.is_zipfile(path):
        archive = source.open_zip(path)
        members = source.members(archive)
        top = _package_root_in_zip(members)
        if top is None:
            raise InputError(str(path), "not a taxonomy package: no META-INF/ folder in the zip")
        base = f"zip:{archive}!/{top}"
        rewrites, entries = [], []
        cat = source.read(base + "META-INF/catalog.xml")
        if cat is not None:
            rewrites = _parse_catalog(cat, base + "META-INF/catalog.xml", f"{path}:{top}META-INF/catalog.xml")
        tp = source.read(base + "META-INF/taxonomyPackage.xml")
        if tp is not None:
            entries = _package_entry_points(tp, base + "META-INF/taxonomyPackage.xml",
                                            f"{path}:{top}META-INF/taxonomyPackage.xml")
        if not entries:
            entries = [f"zip:{archive}!/{m}" for m in sorted(members)
                       if m.startswith(top) and m.endswith(".xsd") and "META-INF/" not in m]
        return rewrites, entries, str(path)
    return [], [_file_location(path)], str(path)


def load_taxonomy(path: str | Path | None = None, base: "Taxonomy | str | Path | None" = None) -> Taxonomy:
    """Load a taxonomy.

    `path` None: the bundled package (loaded once per process and cached). Otherwise a
    taxonomy package folder or `.zip` (its `META-INF/catalog.xml` maps URLs, its
    `taxonomyPackage.xml` names the entry points), or a schema file (`.xsd`). `base` (a
    Taxonomy, or a path loaded with `load_taxonomy`) lends its catalog and is included in the
    result: a company schema that imports the official US GAAP entry point is loaded with
    `base=load_taxonomy()` and yields base's concepts, labels and networks plus the company's.
    `entry_points` and `skipped` describe the documents read from `path`.

    Guarantees: no network access; remote URLs that no catalog maps are listed in
    `skipped`, except the XBRL specification schemas (www.xbrl.org), which are known types.
    Raises InputError when `path` is missing or a document cannot be parsed.
    """
    if path is None and base is None:
        return _bundled()
    if base is not None and not isinstance(base, Taxonomy):
        base = load_taxonomy(base)
    return _load(Path(path) if path is not None else taxonomy_dir(), base)


@functools.lru_cache(maxsize=1)
def _bundled() -> Taxonomy:
    return _load(taxonomy_dir(), None)


def _load(path: Path, base: Taxonomy | None) -> Taxonomy:
    source = _Source()
    try:
        rewrites, entries, _name = _open(path, source)
        catalog = Catalog(rewrites).merged(base.catalog if base is not None else None)
        loader = _Loader(catalog, source)
        for entry in entries:
            loader.add(entry)
        loader.run()
        concepts = loader.concepts()
    finally:
        source.close()
    decls = loader.decls
    entry_points = sorted({decls[q].url for q in concepts})
    networks = loader.networks()
    locations = {q: f"{decls[q].url}#{decls[q].element_id}" for q in concepts if decls[q].element_id}
    prefixes, schema_ns, types = loader.prefixes, loader.schema_ns, loader.types
    if base is not None:
        # The result describes base plus the new documents: a concept read again keeps the
        # labels base knows (the new documents' labels win per role).
        for qname, concept in concepts.items():
            known = base.concepts.get(qname)
            if known is not None:
                labels = dict(known.labels)
                labels.update(dict(concept.labels))
                concepts[qname] = attrs.evolve(concept, labels=labels)
        concepts = {**base.concepts, **concepts}
        networks = list(base.networks) + [n for n in networks if n not in set(base.networks)]
        locations = {**base.locations, **locations}
        prefixes = {**base.prefixes, **prefixes}
        schema_ns = {**base.schema_namespaces, **schema_ns}
        types = {**base.base_types, **types}
    return Taxonomy(
        concepts=concepts,
        networks=networks,
        entry_points=entry_points,
        prefixes=prefixes,
        skipped=sorted(loader.skipped),
        catalog=catalog,
        schema_namespaces=schema_ns,
        locations=locations,
        base_types=types,
    )


# --------------------------------------------------------------------------- the package as a zip


def package_zip(dest_dir: str | Path, source: str | Path | None = None) -> Path:
    """Write the taxonomy package (bundled by default) as a zip whose single top folder holds
    `META-INF/` and the mirrored official folders, for `arelleCmdLine --packages`.

    Only `META-INF/` and the folders the catalog maps URLs into are packed (not `tools/`,
    `mapping/` or the README). The zip's bytes are the same on every call. Returns its path.
    """
    root = Path(source) if source is not None else taxonomy_dir()
    dest = Path(dest_dir)
    dest.mkdir(parents=True, exist_ok=True)
    rewrites = _parse_catalog((root / "META-INF/catalog.xml").read_bytes(),
                              _file_location(root) + "/META-INF/catalog.xml", str(root / "META-INF/catalog.xml"))
    base_uri = _file_location(root) + "/"
    tops = {"META-INF"}
    for _start, target in rewrites:
        if target.startswith(base_uri):
            tops.add(target[len(base_uri):].split("/", 1)[0])
    files = sorted(p for top in tops for p in (root / top).rglob("*") if p.is_file())
    out = dest / f"{_BUNDLED_ZIP_TOP}.zip"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for p in files:
            info = zipfile.ZipInfo(f"{_BUNDLED_ZIP_TOP}/{p.relative_to(root).as_posix()}", date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, p.read_bytes())
    out.write_bytes(buffer.getvalue())
    return out
