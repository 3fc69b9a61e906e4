"""Input kinds are detected from content, not from file names."""

import pytest

from finmodel.reading import sniff


@pytest.mark.parametrize("data, kind", [
    (b"<html><body><table><tr><td>1</td></tr></table></body></html>", "html"),
    (b"<!DOCTYPE html>\n<html>", "html"),
    (b"<DOCUMENT>\n<TYPE>EX-99.1\n<TEXT>\n<div style='x'><p>Results</p></div>", "html"),
    (b"<TABLE>\n<CAPTION>\n<S>                      <C>        <C>\nRevenue    $ 1,000   $ 900\n</TABLE>\n", "text"),
    (b"Three Months Ended\tSeptember 30\nRevenue\t$ 45,192\t$ 39,670\n", "text"),
    (b'<?xml version="1.0"?>\n<xbrli:xbrl xmlns:xbrli="http://www.xbrl.org/2003/instance"/>', "xbrl"),
    (b'<xbrl xmlns="http://www.xbrl.org/2003/instance"/>', "xbrl"),
    (b'\xef\xbb\xbf  {"documentInfo": {}}', "xbrl-json"),
    (b"\x00\x01\x02binary", "binary"),
    (bytes(range(1, 32)) * 50, "binary"),
])
def test_kind_from_content(data, kind):
    assert sniff(data) == kind
