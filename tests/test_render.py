"""Renderers: the XBRL instance and extension taxonomy, xBRL-JSON, Markdown, filters,
template overrides and atomic writing. Every output is parsed back."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from lxml import etree

from finmodel.model import (
    INF, LABEL_ROLE, SEC_CIK_SCHEME, UNIT_PURE, UNIT_SHARES, UNIT_USD, UNIT_USD_PER_SHARE, XBRLI, Concept, Context,
    Duration, Entity, Extension, Fact, Finding, Forever, Instant, Network, Provenance, QName, Relationship, Report,
)
from finmodel.render import (
    canonical_decimal, environment, md_cell, oim_period, render_all, render_json, render_markdown, render_xbrl,
    write, xml_value,
)

NS = "http://example.com/acme/20130930"
GAAP = "http://fasb.org/us-gaap/2024"
DTR = "http://www.xbrl.org/dtr/type/2022-03-31"
ENTITY = Entity(SEC_CIK_SCHEME, "0001102993")
Q3 = Duration(dt.date(2013, 7, 1), dt.date(2013, 9, 30))
Q3_PRIOR = Duration(dt.date(2012, 7, 1), dt.date(2012, 9, 30))
END = Instant(dt.date(2013, 9, 30))
X = "{http://www.xbrl.org/2003/instance}"


def c(name: str, type_: str = "monetaryItemType", period: str = "duration", ns_type: str = XBRLI, **kw) -> Concept:
    return Concept(QName(NS, name, "acme"), QName(ns_type, type_), period, **kw)


REVENUE = c("Revenue", balance="credit", labels={LABEL_ROLE: "Revenue | total"})
COST = c("CostOfRevenue", balance="debit", labels={LABEL_ROLE: "Cost of revenue"})
GROSS = c("GrossProfit", balance="credit", labels={LABEL_ROLE: "Gross profit"})
EPS = c("EarningsPerShare", "perShareItemType", ns_type=DTR, labels={LABEL_ROLE: "EPS"})
MARGIN = c("Margin", "pureItemType")
NOTE = c("Note", "stringItemType")
FLAG = c("Flag", "booleanItemType")
AXIS = c("SegmentAxis", "stringItemType", abstract=True, substitution_group="dimensionItem")
CLOUD = c("CloudMember", "domainItemType", ns_type=DTR, abstract=True)


def tiny_report() -> Report:
    ctx, prior, end = Context(ENTITY, Q3), Context(ENTITY, Q3_PRIOR), Context(ENTITY, END)
    facts = [
        Fact(REVENUE.qname, ctx, Decimal("1000.50"), UNIT_USD, -3, "rev"),
        Fact(REVENUE.qname, prior, Decimal("800"), UNIT_USD, -3, "rev-prior"),
        Fact(COST.qname, ctx, Decimal("-400"), UNIT_USD, INF, "cost"),
        Fact(GROSS.qname, ctx, Decimal("600.5"), UNIT_USD, -3, "gross"),
        Fact(REVENUE.qname, Context(ENTITY, Q3, {AXIS.qname: CLOUD.qname}), Decimal("1E+2"), UNIT_USD, 0, "rev-cloud"),
        Fact(EPS.qname, ctx, Decimal("0.12"), UNIT_USD_PER_SHARE, 2, "eps"),
        Fact(MARGIN.qname, ctx, Decimal("0.6"), UNIT_PURE, 1, "margin"),
        Fact(c("Shares", "sharesItemType", "instant").qname, end, None, UNIT_SHARES, None, "shares-nil"),
        Fact(NOTE.qname, ctx, 'Q3 <results> & "more" \'quoted\' – é', language="en", id="note"),
        Fact(FLAG.qname, Context(ENTITY, Forever()), False, id="flag"),
    ]
    concepts = [REVENUE, COST, GROSS, EPS, MARGIN, c("Shares", "sharesItemType", "instant"), NOTE, FLAG, AXIS, CLOUD]
    networks = [
        Network("calculation", "http://example.com/role/IncomeStatement", "Income statement", [
            Relationship(GROSS.qname, REVENUE.qname, Decimal(1), Decimal(1)),
            Relationship(GROSS.qname, COST.qname, Decimal(2), Decimal(1)),
        ]),
        Network("presentation", "http://example.com/role/IncomeStatement", "Income statement", [
            Relationship(GROSS.qname, REVENUE.qname, Decimal(1)),
            Relationship(GROSS.qname, COST.qname, Decimal(2)),
        ]),
    ]
    return Report(facts, ENTITY, concepts, networks, ("https://xbrl.fasb.org/us-gaap/2024/elts/us-gaap-2024.xsd",),
                  Extension("acme", NS, "acme-20130930.xsd"))


# --------------------------------------------------------------------------- filters


def test_canonical_decimal_has_no_exponent_trailing_zeros_or_negative_zero():
    assert canonical_decimal(Decimal("1E+3")) == "1000"
    assert canonical_decimal(Decimal("1.500")) == "1.5"
    assert canonical_decimal(Decimal("-0.00")) == "0"
    assert canonical_decimal(Decimal("-0")) == "0"
    assert canonical_decimal(Decimal("1E-7")) == "0.0000001"
    assert canonical_decimal(Decimal("100")) == "100"
    with pytest.raises(ValueError):
        canonical_decimal(Decimal("NaN"))


def test_xml_value_escapes_markup_quotes_and_carriage_returns():
    assert str(xml_value('<a & "b" \'c\'>\r')) == "&lt;a &amp; &quot;b&quot; &apos;c&apos;&gt;&#13;"
    assert str(xml_value("bad\x0bchar")) == "bad\ufffdchar"


def test_md_cell_escapes_pipes_backslashes_and_newlines():
    assert md_cell("a | b\\c\n*d*") == "a \\| b\\\\c \\*d\\*"


def test_oim_periods_use_exclusive_end_date_times():
    assert oim_period(Q3) == "2013-07-01T00:00:00/2013-10-01T00:00:00"
    assert oim_period(END) == "2013-10-01T00:00:00"
    assert oim_period(Forever()) is None


# --------------------------------------------------------------------------- XBRL


def test_instance_has_contexts_units_and_facts_as_xbrl_writes_them():
    files = render_xbrl(tiny_report(), stem="acme")
    assert set(files) == {"acme.xml", "acme-20130930.xsd", "acme-20130930_lab.xml", "acme-20130930_cal.xml",
                          "acme-20130930_pre.xml"}
    root = etree.fromstring(files["acme.xml"])
    ref = root.find("{http://www.xbrl.org/2003/linkbase}schemaRef")
    assert ref.get("{http://www.w3.org/1999/xlink}href") == "acme-20130930.xsd"
    ctx = root.find(f"{X}context[@id='D2013-07-01_2013-09-30']")
    assert ctx.findtext(f"{X}period/{X}endDate") == "2013-09-30"  # inclusive date, as filings write it
    assert root.find(f"{X}context[@id='F']/{X}period/{X}forever") is not None
    member = root.find(".//{http://xbrl.org/2006/xbrldi}explicitMember")
    assert member.get("dimension") == "acme:SegmentAxis" and member.text == "acme:CloudMember"
    divide = root.find(f"{X}unit[@id='USD-per-shares']/{X}divide")
    assert divide.findtext(f"{X}unitDenominator/{X}measure") == "xbrli:shares"
    rev = root.find(f"{{{NS}}}Revenue[@id='rev']")
    assert (rev.text, rev.get("decimals"), rev.get("unitRef")) == ("1000.5", "-3", "USD")
    assert root.find(f"{{{NS}}}CostOfRevenue").get("decimals") == "INF"
    nil = root.find(f"{{{NS}}}Shares")
    assert nil.get("{http://www.w3.org/2001/XMLSchema-instance}nil") == "true" and nil.get("decimals") is None
    assert root.find(f"{{{NS}}}Note").text == 'Q3 <results> & "more" \'quoted\' – é'
    assert root.find(f"{{{NS}}}Flag").text == "false"


def test_extension_schema_declares_concepts_roles_and_imports():
    files = render_xbrl(tiny_report(), stem="acme")
    schema = etree.fromstring(files["acme-20130930.xsd"])
    assert schema.get("targetNamespace") == NS
    xs = "{http://www.w3.org/2001/XMLSchema}"
    imports = {i.get("namespace"): i.get("schemaLocation") for i in schema.iter(f"{xs}import")}
    assert imports[GAAP] == "https://xbrl.fasb.org/us-gaap/2024/elts/us-gaap-2024.xsd"
    assert imports[DTR] == "https://www.xbrl.org/dtr/type/2022-03-31/types.xsd"
    rev = schema.find(f"{xs}element[@name='Revenue']")
    assert rev.get("{http://www.xbrl.org/2003/instance}balance") == "credit"
    assert rev.get("id") == "acme_Revenue"
    axis = schema.find(f"{xs}element[@name='SegmentAxis']")
    assert axis.get("substitutionGroup") == "xbrldt:dimensionItem"
    role = schema.find(".//{http://www.xbrl.org/2003/linkbase}roleType")
    assert role.get("roleURI") == "http://example.com/role/IncomeStatement"
    used_on = sorted(u.text for u in role.iter("{http://www.xbrl.org/2003/linkbase}usedOn"))
    assert used_on == ["link:calculationLink", "link:presentationLink"]
    cal = etree.fromstring(files["acme-20130930_cal.xml"])
    arcs = cal.findall(".//{http://www.xbrl.org/2003/linkbase}calculationArc")
    assert [a.get("weight") for a in arcs] == ["1", "1"]
    lab = etree.fromstring(files["acme-20130930_lab.xml"])
    assert "Revenue | total" in [e.text for e in lab.iter("{http://www.xbrl.org/2003/linkbase}label")]


def test_report_without_extension_references_entry_points_directly():
    report = tiny_report()
    gaap_rev = QName(GAAP, "Revenues", "us-gaap")
    facts = [Fact(gaap_rev, Context(ENTITY, Q3), Decimal(5), UNIT_USD, 0, "r")]
    plain = Report(facts, ENTITY, entry_points=report.entry_points)
    files = render_xbrl(plain, stem="plain")
    assert list(files) == ["plain.xml"]
    root = etree.fromstring(files["plain.xml"])
    hrefs = [e.get("{http://www.w3.org/1999/xlink}href") for e in root.iter("{http://www.xbrl.org/2003/linkbase}schemaRef")]
    assert hrefs == list(report.entry_points)
    assert root.find(f"{{{GAAP}}}Revenues").text == "5"


def test_duplicate_arcs_between_two_concepts_are_written_once():
    report = tiny_report()
    dup = Network("presentation", "http://example.com/role/X", "X", [
        Relationship(GROSS.qname, REVENUE.qname, Decimal(1)), Relationship(GROSS.qname, REVENUE.qname, Decimal(2))])
    report = Report(report.facts, report.entity, report.concepts, (dup,), report.entry_points, report.extension)
    pre = etree.fromstring(render_xbrl(report, stem="a")["acme-20130930_pre.xml"])
    assert len(pre.findall(".//{http://www.xbrl.org/2003/linkbase}presentationArc")) == 1


# --------------------------------------------------------------------------- xBRL-JSON


def test_json_follows_oim_conventions():
    doc = json.loads(render_json(tiny_report(), stem="acme"))
    info = doc["documentInfo"]
    assert info["documentType"] == "https://xbrl.org/2021/xbrl-json"
    assert info["taxonomy"] == ["acme-20130930.xsd"]
    assert info["namespaces"]["cik"] == SEC_CIK_SCHEME
    assert {"acme", "iso4217", "xbrli"} <= set(info["namespaces"])
    facts = doc["facts"]
    assert facts["rev"] == {"value": "1000.5", "decimals": -3, "dimensions": {
        "concept": "acme:Revenue", "entity": "cik:0001102993",
        "period": "2013-07-01T00:00:00/2013-10-01T00:00:00", "unit": "iso4217:USD"}}
    assert "decimals" not in facts["cost"]  # exact
    assert "unit" not in facts["margin"]["dimensions"]  # xbrli:pure is the absence of a unit
    assert facts["shares-nil"]["value"] is None and "decimals" not in facts["shares-nil"]
    assert facts["eps"]["dimensions"]["unit"] == "iso4217:USD/xbrli:shares"
    assert facts["rev-cloud"]["dimensions"]["acme:SegmentAxis"] == "acme:CloudMember"
    assert "period" not in facts["flag"]["dimensions"]  # forever
    assert facts["flag"]["value"] == "false"
    assert facts["note"]["dimensions"]["language"] == "en"
    assert facts["note"]["value"] == 'Q3 <results> & "more" \'quoted\' – é'
    used = {v.split(":")[0] for f in facts.values() for k, v in f["dimensions"].items()
            if k in ("concept", "entity") or ":" in k}
    assert used <= set(info["namespaces"])


# --------------------------------------------------------------------------- Markdown


def test_markdown_shows_statements_key_figures_and_findings():
    finding = Finding("FM-CALC-001", "warning", "gross | profit off", ("gross",), Provenance("in.txt", 12))
    md = render_markdown(tiny_report(), findings=[finding]).decode()
    assert "## Income statement" in md
    assert "| Revenue \\| total | USD | 1,000.5 | 800 |" in md
    assert "| Item | Unit | 2013-07-01 to 2013-09-30 | 2012-07-01 to 2012-09-30 |" in md
    # key figures: revenue against the same quarter a year earlier
    line = next(l for l in md.splitlines() if l.startswith("| Revenue") and "2012-07-01" in l and "+" in l)
    assert "+200.5" in line and "+25.1%" in line
    assert "- in.txt:12: FM-CALC-001 gross \\| profit off" in md


def test_markdown_without_networks_has_one_facts_table():
    report = tiny_report()
    bare = Report(report.facts, report.entity, report.concepts, (), report.entry_points, report.extension)
    md = render_markdown(bare).decode()
    assert "## Facts" in md and "## Income statement" not in md


# --------------------------------------------------------------------------- environment and writing


def test_user_template_overrides_one_block(tmp_path):
    (tmp_path / "instance.xml").write_text(
        '{% extends "default/instance.xml" %}{% block header %}<!-- custom header -->\n{% endblock %}')
    files = render_xbrl(tiny_report(), stem="a", template_dir=tmp_path)
    assert b"<!-- custom header -->" in files["a.xml"]
    etree.fromstring(files["a.xml"])


def test_environment_is_strict_and_escapes_xml():
    env = environment()
    with pytest.raises(Exception):
        env.from_string("{{ missing }}").render()
    assert env.get_template("instance.xml").environment.autoescape("x.xml") is True


def test_write_renders_everything_and_writes_findings(tmp_path):
    finding = Finding("FM-X", "info", "note", (), Provenance("in.txt", 3, 4, table=1, row=2, cell=3))
    paths = write(tiny_report(), tmp_path, stem="out", findings=[finding])
    names = sorted(p.name for p in paths)
    assert names == sorted(["out.xml", "acme-20130930.xsd", "acme-20130930_lab.xml", "acme-20130930_cal.xml",
                            "acme-20130930_pre.xml", "out.json", "out.md", "out.findings.json"])
    data = json.loads((tmp_path / "out.findings.json").read_text())
    assert data["findings"] == [{"code": "FM-X", "severity": "info", "message": "note", "facts": [],
                                 "location": {"source": "in.txt", "line": 3, "column": 4, "table": 1, "row": 2, "cell": 3}}]
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_write_leaves_nothing_when_rendering_fails(tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "report.json").write_text("{{ no_such_variable }}")  # StrictUndefined: JSON fails after XML rendered
    with pytest.raises(Exception, match="no_such_variable"):
        write(tiny_report(), tmp_path / "out", stem="out", template_dir=templates)
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_entry_point_of_unknown_namespace_is_matched_by_file_name_prefix():
    report = tiny_report()
    old_gaap = QName("http://fasb.org/us-gaap/2023", "Revenues", "us-gaap")
    url = "https://xbrl.fasb.org/us-gaap/2023/elts/us-gaap-2023.xsd"
    nets = [Network("presentation", "http://example.com/role/X", "X", [Relationship(old_gaap, REVENUE.qname, Decimal(1))])]
    r = Report(report.facts, report.entity, report.concepts, nets, (url, "https://example.com/mystery.xsd"),
               report.extension)
    files = render_xbrl(r, stem="a")
    schema = etree.fromstring(files["acme-20130930.xsd"])
    imports = {i.get("schemaLocation"): i.get("namespace") for i in schema.iter("{http://www.w3.org/2001/XMLSchema}import")}
    assert imports[url] == "http://fasb.org/us-gaap/2023"
    assert "https://example.com/mystery.xsd" not in imports  # cannot be imported without its namespace
    pre = files["acme-20130930_pre.xml"].decode()
    assert url + "#us-gaap_Revenues" in pre


def test_unknown_format_is_refused(tmp_path):
    with pytest.raises(ValueError, match="unknown output format"):
        render_all(tiny_report(), formats=("pdf",))


# --------------------------------------------------------------------------- speed-ups keep the output


def test_tojson_fast_path_writes_what_json_dumps_writes():
    from finmodel.render import tojson

    for value in ["", "plain", 'quote " backslash \\ newline \n tab \t', "é – 😀 \u2028", None, 0, -12, 10**30,
                  True, False, Decimal("1.50"), dt.date(2024, 1, 31), [1, "a"], {"k": None}]:
        expected = json.dumps(value, ensure_ascii=False,
                              default=lambda o: canonical_decimal(o) if isinstance(o, Decimal) else o.isoformat())
        assert str(tojson(value)) == expected, value


def test_md_cell_answers_the_same_when_asked_again():
    texts = ["a | b", "line\nbreak  and   spaces", "*star* _u_ [x] <y> ~z~ &amp; `c` \\"]
    first = [md_cell(t) for t in texts]
    assert first == [md_cell(t) for t in texts]
    assert first[0] == "a \\| b" and first[1] == "line break and spaces"


def test_markdown_labels_come_from_the_report_first_then_the_taxonomy():
    from finmodel.render import _ConceptIndex, concept_label

    report = tiny_report()
    index = _ConceptIndex(report, None)
    for fact in report.facts:
        for role in (None, LABEL_ROLE, "http://www.xbrl.org/2003/role/terseLabel"):
            assert index.label(fact.concept, role) == concept_label(fact.concept, report, None, role)
    assert index.label(QName(NS, "Unknown")) == "Unknown"


def test_renderers_reuse_compiled_templates_and_ignore_a_broken_bytecode_cache(tmp_path, monkeypatch):
    from finmodel import render

    expected = render_all(tiny_report(), stem="a", findings=[Finding("X", "info", "m")])
    monkeypatch.setenv("FINMODEL_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("FINMODEL_NO_CACHE", raising=False)
    render._shared_environment.cache_clear()
    try:
        assert render_all(tiny_report(), stem="a", findings=[Finding("X", "info", "m")]) == expected
        cached = sorted((tmp_path / "templates").glob("*.cache"))
        assert cached  # compiled templates were kept for the next process
        for path in cached:
            path.write_bytes(b"not bytecode")
        render._shared_environment.cache_clear()
        assert render_all(tiny_report(), stem="a", findings=[Finding("X", "info", "m")]) == expected
    finally:
        render._shared_environment.cache_clear()
