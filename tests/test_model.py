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
    ("https://Example.org/a/", "https://example.org/a"),
    ("HTTPS://EXAMPLE.ORG", "https://example.org/"),
    ("http://example.org:80/x/../y/./z#top", "http://example.org/y/z"),
    ("https://example.org:8443/p", "https://example.org:8443/p"),
    ("example.org/page", "http://example.org/page"),
    ("https://example.org/p?b=2&a=1&utm_source=x", "https://example.org/p?a=1&b=2"),
    ("https://example.org/caf%C3%A9", "https://example.org/caf%C3%A9"),
    ("https://example.org/café", "https://example.org/caf%C3%A9"),
    ("https://www.example.org/", "https://www.example.org/"),
])
def test_normalise_url(url, normal):
    assert model.normalise_url(url) == normal
    assert model.normalise_url(normal) == normal  # idempotent


@pytest.mark.parametrize("url", ["", "p:4", "ftp://example.org/x", "https:///nohost", "javascript:alert(1)", "not a url"])
def test_bad_urls(url):
    with pytest.raises(ValueError):
        model.normalise_url(url)


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
