"""The JSON outputs write lists of records (non-empty dicts of scalars, like coverage cells
and finding locations) with one call of json's C encoder; the text must stay exactly what
`json.dumps(indent=2, ensure_ascii=False)` writes, whatever the keys and values hold."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from finmodel.files import indented_json

scalars = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True)
           | st.text() | st.sampled_from(["},\n    {", "},\n      {", ",\n", "}", "{", "\x00", '"', "\\", "é\u2028"]))
keys = st.text() | st.sampled_from(["},\n    {", "},\n  {", ",\n", "{", "}", "\x00"])
records = st.lists(st.dictionaries(keys, scalars, min_size=1, max_size=6), min_size=1, max_size=6)


def reference(value, sort_keys):
    return json.dumps(value, indent=2, ensure_ascii=False, sort_keys=sort_keys)


@settings(max_examples=300, deadline=None)
@given(records, st.booleans())
def test_a_list_of_records_is_written_as_json_dumps_writes_it(value, sort_keys):
    assert indented_json(value, sort_keys=sort_keys) == reference(value, sort_keys)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.text(), records | st.lists(records, max_size=3), max_size=4), st.booleans())
def test_lists_of_records_at_any_depth(value, sort_keys):
    assert indented_json(value, sort_keys=sort_keys) == reference(value, sort_keys)


def test_lists_that_are_not_all_records_take_the_general_path():
    for value in ([{"a": 1}, {}], [{"a": 1}, 2], [{"a": [1]}], [{"a": {"b": 1}}, {"c": 2}], ({"a": 1}, {"b": 2})):
        for sort_keys in (False, True):
            assert indented_json(value, sort_keys=sort_keys) == reference(value, sort_keys)


def test_keys_that_are_not_strings_and_special_numbers():
    value = [{1: float("nan"), 2.5: float("inf"), None: -float("inf"), True: "x"}, {False: None}]
    assert indented_json(value) == reference(value, False)
    value = {"k": [{"b": 1, "a": "},\n    {"}, {"},\n    {": "}"}]}
    assert indented_json(value, sort_keys=True) == reference(value, True)
