"""The bundled templates loop over prepared rows (tuples of final, escaped texts); the views
still hold the plain dicts that custom templates read. Templates written over the plain
dicts (as the bundled ones were before the rows) must give exactly the bundled bytes, so
the two stay in step, whatever text the report carries."""

from __future__ import annotations

import jinja2
import pytest

from finmodel import render as R
from finmodel.model import Finding

from tests.test_render import tiny_report
from tests.test_render_escaping import nasty_report

# The fact and context blocks of instance.xml over the plain dicts.
INSTANCE_BLOCKS = """{% extends "default/instance.xml" %}
{% block contexts %}
{% for c in contexts %}
  <xbrli:context id="{{ c["id"] }}">
    <xbrli:entity>
      <xbrli:identifier scheme="{{ c["scheme"]|xml_value }}">{{ c["identifier"]|xml_value }}</xbrli:identifier>
{% if c["dimensions"] %}
      <xbrli:segment>
{% for d in c["dimensions"] %}
        <xbrldi:explicitMember dimension="{{ d["axis"] }}">{{ d["member"] }}</xbrldi:explicitMember>
{% endfor %}
      </xbrli:segment>
{% endif %}
    </xbrli:entity>
    <xbrli:period>
{% if c["period"]["kind"] == "instant" %}
      <xbrli:instant>{{ c["period"]["instant"] }}</xbrli:instant>
{% elif c["period"]["kind"] == "duration" %}
      <xbrli:startDate>{{ c["period"]["start"] }}</xbrli:startDate>
      <xbrli:endDate>{{ c["period"]["end"] }}</xbrli:endDate>
{% else %}
      <xbrli:forever/>
{% endif %}
    </xbrli:period>
  </xbrli:context>
{% endfor %}
{% endblock %}
{% block facts %}
{% for f in facts %}
  <{{ f["name"] }} id="{{ f["id"] }}" contextRef="{{ f["context"] }}"{% if f["unit"] %} unitRef="{{ f["unit"] }}"{% endif %}{% if f["decimals"] %} decimals="{{ f["decimals"] }}"{% endif %}{% if f["language"] %} xml:lang="{{ f["language"]|xml_value }}"{% endif %}{% if f["nil"] %} xsi:nil="true"/>{% else %}>{{ f["value"]|xml_value }}</{{ f["name"] }}>{% endif +%}
{% endfor %}
{% endblock %}
"""

# The whole xBRL-JSON template over the plain dicts.
REPORT_JSON = """{
  "documentInfo": {
    "documentType": {{ document_type|tojson }},
    "namespaces": {
{% for prefix, uri in namespaces %}
      {{ prefix|tojson }}: {{ uri|tojson }}{{ "," if not loop.last else "" }}
{% endfor %}
    },
    "taxonomy": [{% for t in taxonomy %}{{ t|tojson }}{{ ", " if not loop.last else "" }}{% endfor %}]
  },
  "facts": {
{% for f in facts %}
    {{ f["id"]|tojson }}: {
      "value": {{ f["value"]|tojson }},
{% if "decimals" in f %}
      "decimals": {{ f["decimals"]|tojson }},
{% endif %}
      "dimensions": {
{% for name, value in f["dimensions"] %}
        {{ name|tojson }}: {{ value|tojson }}{{ "," if not loop.last else "" }}
{% endfor %}
      }
    }{{ "," if not loop.last else "" }}
{% endfor %}
  }
}
"""

# The tables block of summary.md over the plain dicts.
SUMMARY_TABLES = """{% extends "default/summary.md" %}
{% block tables %}
{% for t in tables %}

## {{ t["title"]|md_text }}

| Item | Unit |{% for p in t["periods"] %} {{ p|md_cell }} |{% endfor +%}
|---|---|{% for p in t["periods"] %}---:|{% endfor +%}
{% for r in t["rows"] %}
| {{ r["label"]|md_cell }} | {{ r["unit"]|md_cell }} |{% for c in r["cells"] %} {{ c|md_cell }} |{% endfor +%}
{% endfor %}
{% endfor %}
{% endblock %}
"""

# The links of linkbase.xml over the plain dicts.
LINKBASE = """<?xml version="1.0" encoding="UTF-8"?>
<link:linkbase xmlns:link="http://www.xbrl.org/2003/linkbase" xmlns:xlink="http://www.w3.org/1999/xlink">
{% for l in links %}
{% for loc in l["locs"] %}
    <link:loc xlink:type="locator" xlink:href="{{ loc["href"]|xml_value }}" xlink:label="{{ loc["label"] }}"/>
{% endfor %}
{% for a in l["arcs"] %}
    <{{ l["arc_element"] }} xlink:type="arc" xlink:arcrole="{{ a["arcrole"]|e }}" xlink:from="{{ a["from"] }}" xlink:to="{{ a["to"] }}" order="{{ a["order"] }}"{% if a["weight"] is not none %} weight="{{ a["weight"] }}"{% endif %}{% if a["preferred_label"] %} preferredLabel="{{ a["preferred_label"]|xml_value }}"{% endif %}{% if a["all"] %} xbrldt:contextElement="segment" xbrldt:closed="true"{% endif %}/>
{% endfor %}
{% endfor %}
</link:linkbase>
"""

ROWS_LINKBASE = """<?xml version="1.0" encoding="UTF-8"?>
<link:linkbase xmlns:link="http://www.xbrl.org/2003/linkbase" xmlns:xlink="http://www.w3.org/1999/xlink">
{% for l in links %}
{% for href, label in l["loc_rows"] %}
    <link:loc xlink:type="locator" xlink:href="{{ href }}" xlink:label="{{ label }}"/>
{% endfor %}
{% for arcrole, from, to, order, weight, preferred_label, all in l["arc_rows"] %}
    <{{ l["arc_element"] }} xlink:type="arc" xlink:arcrole="{{ arcrole }}" xlink:from="{{ from }}" xlink:to="{{ to }}" order="{{ order }}"{% if weight %} weight="{{ weight }}"{% endif %}{% if preferred_label %} preferredLabel="{{ preferred_label }}"{% endif %}{% if all %} xbrldt:contextElement="segment" xbrldt:closed="true"{% endif %}/>
{% endfor %}
{% endfor %}
</link:linkbase>
"""


def _reports():
    yield tiny_report()
    for text in ('<a & "b" \'c\'>\r\x0b é', "", "| *x* [y] _z_ \\ `q` ~ #1.", "😀\u2028\ufffe"):
        yield nasty_report(text)


@pytest.mark.parametrize("report", list(_reports()))
def test_plain_dict_templates_give_the_bundled_bytes(report, tmp_path):
    (tmp_path / "instance.xml").write_text(INSTANCE_BLOCKS, encoding="utf-8")
    (tmp_path / "report.json").write_text(REPORT_JSON, encoding="utf-8")
    (tmp_path / "summary.md").write_text(SUMMARY_TABLES, encoding="utf-8")
    findings = [Finding("FM-X", "warning", "# heading-like | message")]
    bundled = R.render_all(report, stem="s", findings=findings)
    plain = R.render_all(report, stem="s", findings=findings, template_dir=tmp_path)
    assert plain.keys() == bundled.keys()
    for name in bundled:
        assert plain[name] == bundled[name], name


@pytest.mark.parametrize("report", list(_reports()))
def test_link_rows_say_what_the_plain_links_say(report):
    env = R.environment()
    env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({"plain.xml": LINKBASE, "rows.xml": ROWS_LINKBASE}),
                                      env.loader])
    view = R.taxonomy_view(report, R.effective_extension(report, "s"), None)
    assert view["linkbases"]
    for lb in view["linkbases"].values():
        assert env.get_template("rows.xml").render(**lb) == env.get_template("plain.xml").render(**lb)
