"""Cover page readings (finmodel.extract.cover)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from finmodel.document import Document, Paragraph
from finmodel.extract.cover import DEI, extract_cover
from finmodel.model import Duration

DATA = Path(__file__).resolve().parents[2].joinpath("shared/data")

COVER = [
    "UNITED STATES SECURITIES AND EXCHANGE COMMISSION",
    "FORM 8-K",
    "Date of Report (Date of earliest event reported): April 28, 2022",
    "Acme Widgets Corporation",
    "(Exact name of registrant as specified in its charter)",
    "Delaware",
    "001-00768",
    "37-0602744",
    "(State or other jurisdiction of incorporation) (Commission File Number) (IRS Employer Identification No.)",
    "100 Main Street, Deerfield, Illinois 60015",
    "(Address of principal executive offices) (Zip Code)",
    "Registrant's telephone number, including area code: (224) 551-4000",
    "☐ Written communications pursuant to Rule 425 under the Securities Act (17 CFR 230.425)",
    "☒ Soliciting material pursuant to Rule 14a-12 under the Exchange Act (17 CFR 240.14a-12)",
    "☐ Pre-commencement communications pursuant to Rule 14d-2(b) under the Exchange Act (17 CFR 240.14d-2(b))",
    "☐ Pre-commencement communications pursuant to Rule 13e-4(c) under the Exchange Act (17 CFR 240.13e-4(c))",
    "Emerging growth company ☐",
    "Item 2.02 Results of Operations and Financial Condition.",
]


def doc(lines, source="inline.txt") -> Document:
    return Document(source, "text", [Paragraph(t, line=i + 1, column=0) for i, t in enumerate(lines)])


def values(result) -> dict:
    return {r.concept_hint.local_name: r.value for r in result.value}


def test_cover_items():
    v = values(extract_cover(doc(COVER)))
    assert v["DocumentType"] == "8-K"
    assert v["DocumentPeriodEndDate"] == dt.date(2022, 4, 28)
    assert v["EntityRegistrantName"] == "Acme Widgets Corporation"
    assert v["EntityFileNumber"] == "001-00768"
    assert v["EntityTaxIdentificationNumber"] == "37-0602744"
    assert v["EntityIncorporationStateCountryCode"] == "DE"
    assert (v["EntityAddressAddressLine1"], v["EntityAddressCityOrTown"], v["EntityAddressStateOrProvince"],
            v["EntityAddressPostalZipCode"]) == ("100 Main Street", "Deerfield", "IL", "60015")
    assert (v["CityAreaCode"], v["LocalPhoneNumber"]) == ("(224)", "551-4000")
    assert v["WrittenCommunications"] is False and v["SolicitingMaterial"] is True
    assert v["PreCommencementTenderOffer"] is False and v["PreCommencementIssuerTenderOffer"] is False
    assert v["EntityEmergingGrowthCompany"] is False
    assert "EntityCentralIndexKey" not in v


def test_readings_carry_dei_hints_and_provenance():
    result = extract_cover(doc(COVER))
    for r in result.value:
        assert r.source_kind == "cover" and r.concept_hint.namespace == DEI and r.concept_hint.prefix == "dei"
        assert r.provenance.line is not None and r.provenance.text
    date = next(r for r in result.value if r.concept_hint.local_name == "DocumentPeriodEndDate")
    assert date.unit_kind == "date" and date.provenance.line == 3


def test_checkboxes_without_marks_are_not_emitted():
    lines = [ln.lstrip("☐☒ ") for ln in COVER]
    result = extract_cover(doc(lines))
    v = values(result)
    assert "WrittenCommunications" not in v and "SolicitingMaterial" not in v
    assert any(f.code == "FM-COVER-DAMAGED" for f in result.findings)


def test_phone_cut_at_column_is_not_repaired():
    lines = list(COVER)
    lines[11] = "Registrant's telepho\tone number, including area code: (212) 609-420\t00"
    result = extract_cover(doc(lines))
    v = values(result)
    assert "LocalPhoneNumber" not in v and v["CityAreaCode"] == "(212)"
    assert any(f.code == "FM-COVER-DAMAGED" for f in result.findings)
    lines[11] = "Registrant's telephone number, including area code: 212-609-4200"
    assert values(extract_cover(doc(lines)))["CityAreaCode"] == "212"


def test_cover_items_are_dated_by_the_date_of_report():
    result = extract_cover(doc(COVER))
    assert {r.period for r in result.value} == {Duration(dt.date(2022, 4, 28), dt.date(2022, 4, 28))}


def test_exhibit_items_are_dated_by_the_release_date():
    lines = ["DEERFIELD, Ill., April 28, 2022 – Acme Widgets Inc. (NYSE: ACME) announced results for the first "
             "quarter ended March 31, 2022."]
    result = extract_cover(doc(lines))
    assert {r.period for r in result.value} == {Duration(dt.date(2022, 4, 28), dt.date(2022, 4, 28))}


def test_exhibit_only_release():
    lines = ["Exhibit 99.1",
             "DEERFIELD, Ill. – Acme Widgets Inc. (NYSE: ACME) announced results for the first quarter ended "
             "March 31, 2022. Revenue was $13.6 billion.",
             "About Acme: Acme Widgets Inc. (NYSE: ACME) makes widgets."]
    v = values(extract_cover(doc(lines)))
    assert v == {"TradingSymbol": "ACME", "SecurityExchangeName": "NYSE",
                 "EntityRegistrantName": "Acme Widgets Inc.", "DocumentPeriodEndDate": dt.date(2022, 3, 31)}


def test_name_before_listing_without_corporate_suffix_is_the_registrant():
    lines = ["SAN FRANCISCO--(BUSINESS WIRE)-- Elastico (NYSE: ESTX) announced results for its first quarter "
             "of fiscal 2024 ended July 31, 2023."]
    v = values(extract_cover(doc(lines)))
    assert v["EntityRegistrantName"] == "Elastico" and v["TradingSymbol"] == "ESTX"


def test_registrant_is_completed_to_the_legal_name_written_elsewhere():
    lines = ["SAN FRANCISCO--(BUSINESS WIRE)-- Elastico (NYSE: ESTX) announced results for its first quarter "
             "of fiscal 2024 ended July 31, 2023.",
             "Elastico and associated marks are trademarks of Elastico N.V. and its subsidiaries."]
    assert values(extract_cover(doc(lines)))["EntityRegistrantName"] == "Elastico N.V."


def test_lower_case_words_before_listing_are_not_a_name():
    lines = ["NEW YORK -- Shares of Acme (NYSE: ACM) rose after results for the quarter ended March 31, 2022."]
    v = values(extract_cover(doc(lines)))
    assert "EntityRegistrantName" not in v and v["TradingSymbol"] == "ACM"


def test_conflicting_listings_are_not_emitted():
    lines = ["NEW YORK -- Acme Inc. (NYSE: ACM) reports.", "Acme Inc. (NASDAQ: ACMX) also trades here."]
    result = extract_cover(doc(lines))
    assert "TradingSymbol" not in values(result)
    assert any(f.code == "FM-COVER-AMBIGUOUS" for f in result.findings)


def test_liveperson_ocr_cover():
    from finmodel.reading import read_document
    result = extract_cover(read_document(DATA / "sample" / "liveperson-2013q3-8k.txt"))
    v = values(result)
    assert v["DocumentType"] == "8-K"
    assert v["DocumentPeriodEndDate"] == dt.date(2013, 11, 6)
    assert v["EntityRegistrantName"] == "LivePerson, Inc."
    assert v["EntityFileNumber"] == "0-30141"
    assert v["EntityTaxIdentificationNumber"] == "13-3861628"
    assert v["EntityIncorporationStateCountryCode"] == "DE"
    assert v["EntityAddressCityOrTown"] == "New York" and v["EntityAddressStateOrProvince"] == "NY"
    assert v["EntityAddressPostalZipCode"] == "10018"
    # the local number is cut by a column edge: not emitted; the area code is whole
    assert v["CityAreaCode"] == "(212)" and "LocalPhoneNumber" not in v
    assert (v["TradingSymbol"], v["SecurityExchangeName"]) == ("LPSN", "NASDAQ")
    # the OCR lost the checkbox marks: no flags
    assert not {"WrittenCommunications", "SolicitingMaterial"} & set(v)


@pytest.mark.parametrize("name, symbol, registrant, end", [
    ("caterpillar-2022q1-ex991.htm", "CAT", "Caterpillar Inc.", dt.date(2022, 3, 31)),
    ("buckle-2024q3-ex991.htm", "BKE", "The Buckle, Inc.", dt.date(2024, 11, 2)),
    ("elastic-fy2024q4-web.html", "ESTC", "Elastic N.V.", dt.date(2024, 4, 30)),
    ("oracle-fy2014q4-ex991.htm", "ORCL", "Oracle Corporation", None),
])
def test_dev_releases(name, symbol, registrant, end):
    from finmodel.reading import read_document
    v = values(extract_cover(read_document(DATA / "dev" / name)))
    assert v["TradingSymbol"] == symbol and v["SecurityExchangeName"] == "NYSE"
    assert v.get("EntityRegistrantName") == registrant
    assert v.get("DocumentPeriodEndDate") == end
    assert "DocumentType" not in v
