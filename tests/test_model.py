"""The model's checks of input values: kinds, types, weights, dates, URLs (no server needed)."""

import pytest

from netnp import model


@pytest.mark.parametrize("text, label", [
    ("person", "Person"), ("Person", "Person"), ("PERSON", "Person"), ("organization", "Organization"),
    ("organisation", "Organization"), ("webpage", "WebPage"), ("Web page", "WebPage"), ("web_page", "WebPage"),
])
def test_kinds_are_read_in_any_spelling(text, label):
    assert model.parse_kind(text) == label


@pytest.mark.parametrize("text", ["", "persn", "Entity", *model.ROLE_LABELS, "Person:Admin", "person`) DETACH DELETE n //"])
def test_unknown_kinds_are_refused(text):
    with pytest.raises(ValueError):
        model.parse_kind(text)


@pytest.mark.parametrize("text", ["KNOWS", "MEMBER_OF", "A", "X_1"])
def test_safe_types_pass_unchanged(text):
    assert model.parse_type(text) == text


@pytest.mark.parametrize("text", [
    "", "knows", "Knows", "1KNOWS", "_KNOWS", "KNOWS-OF", "KNOWS OF", "KNÖWS",
    "KNOWS]->(b) DETACH DELETE b //", "KNOWS`", "KNOWS|LIKES", "$(row.type)",
])
def test_unsafe_types_are_refused(text):
    with pytest.raises(ValueError):
        model.parse_type(text)


@pytest.mark.parametrize("text, value", [("", 1.0), (None, 1.0), ("2", 2.0), ("2.5", 2.5), ("2,5", 2.5), (3, 3.0), ("0", 0.0)])
def test_weights(text, value):
    assert model.parse_weight(text) == value


@pytest.mark.parametrize("text", ["abc", "-1", "nan", "inf", "1,5,2", True])
def test_bad_weights(text):
    with pytest.raises(ValueError):
        model.parse_weight(text)


@pytest.mark.parametrize("text, iso", [
    ("2021-09-01", "2021-09-01"), ("2021-09", "2021-09-01"), ("2021", "2021-01-01"),
    ("01/09/2021", "2021-09-01"), ("1.9.2021", "2021-09-01"), ("2021-09-01T10:30:00Z", "2021-09-01"), ("", None),
])
def test_dates(text, iso):
    assert model.parse_date(text) == iso


@pytest.mark.parametrize("text", ["2021-13-01", "31/02/2021", "yesterday", "21-09-01"])
def test_bad_dates(text):
    with pytest.raises(ValueError):
        model.parse_date(text)


@pytest.mark.parametrize("url, normal", [
    # a trailing "/" and the order of the query are the page's own (RFC 3986): the crawler keeps them too
    ("https://Example.org/a/", "https://example.org/a/"),
    ("HTTPS://EXAMPLE.ORG", "https://example.org/"),
    ("http://example.org:80/x/../y/./z#top", "http://example.org/y/z"),
    ("https://example.org:8443/p", "https://example.org:8443/p"),
    ("example.org/page", "http://example.org/page"),
    ("//example.org/page", "http://example.org/page"),
    ("https://example.org/p?b=2&a=1&utm_source=x", "https://example.org/p?b=2&a=1"),
    ("https://example.org/caf%C3%A9", "https://example.org/caf%C3%A9"),
    ("https://example.org/café", "https://example.org/caf%C3%A9"),
    ("https://www.example.org/", "https://www.example.org/"),
    ("http://localhost:8080/x", "http://localhost:8080/x"),
])
def test_normalise_url(url, normal):
    assert model.normalise_url(url) == normal
    assert model.normalise_url(normal) == normal  # idempotent


@pytest.mark.parametrize("url", ["", "p:4", "hello", "ftp://example.org/x", "https:///nohost", "javascript:alert(1)",
                                 "not a url", "https://ana:secret@example.org/", "http://exa mple.org/"])
def test_bad_urls(url):
    with pytest.raises(ValueError):
        model.normalise_url(url)


@pytest.mark.parametrize("url", [
    "https://Example.org/a/?b=2&a=1", "HTTP://Example.ORG:80/a/./b/../c?utm_source=x&b=1#frag",
    "http://example.org/%7euser/%2f%41", "http://b\u00fccher.de/", "http://Stra\u00dfe.de/", "http://[::1]:80/",
    "http://example.org/a//b?x=%2F&&u=https://e.org/?a=b", "http://example.org/e\u0301", "http://127.0.0.1:8000/p/",
])
def test_a_page_has_the_id_the_crawler_gives_it(url):
    from netnp.crawl.urls import normalize

    assert model.normalise_url(url) == normalize(url)


@pytest.mark.parametrize("url, former", [
    # the spelling earlier versions of netnp gave page ids: "/" dropped, query sorted, IDNA 2003
    ("https://Example.org/a/", "https://example.org/a"),
    ("HTTPS://EXAMPLE.ORG", "https://example.org/"),
    ("example.org/page/", "http://example.org/page"),
    ("https://example.org/p/?b=2&a=1&utm_source=x", "https://example.org/p?a=1&b=2"),
    ("http://Stra\u00dfe.de/", "http://strasse.de/"),
    ("https://example.org/café", "https://example.org/caf%C3%A9"),
    ("ftp://example.org/x", None), ("https://ana:secret@example.org/", None), ("hello", None),
])
def test_former_page_ids(url, former):
    from netnp.urls import former_page_id

    assert former_page_id(url) == former


def test_types_are_trimmed_but_a_trailing_newline_never_passes_the_write_check():
    from netnp.errors import InputError
    from netnp.graphwrite import tie_row

    assert model.parse_type(" KNOWS\n") == "KNOWS"
    with pytest.raises(InputError):
        tie_row("a", "b", "KNOWS\n")


def test_vocabulary_types_are_safe():
    assert all(model.TIE_TYPE.match(t) for t in model.VOCABULARY)


def test_provenance_fields_are_the_keys_of_an_imports_provenance_with_netnp_prefix():
    from netnp.graphwrite import Provenance

    provenance = Provenance("people.csv")
    assert tuple(model.NETNP_PREFIX + key for key in provenance.as_param()) == model.PROVENANCE_FIELDS
    assert all(not model.property_key_ok(field) for field in model.PROVENANCE_FIELDS)  # never read back from input
