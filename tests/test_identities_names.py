"""Names, addresses and handles reduced for identity matching, and the comparison of two names (no server)."""

from __future__ import annotations

import pytest

from netnp.identities.matching import Frequencies, Record, compare_names, make_record
from netnp.identities.names import Name, email_address, handle, local_name, name_forms, parse_name, phone_number, site


@pytest.mark.parametrize("spellings", [
    ["Jean-Pierre Dupont", "DUPONT Jean-Pierre", "Dupont, Jean-Pierre", "M. Jean-Pierre Dupont",
     "jean pierre dupont", "Monsieur DUPONT Jean Pierre"],
    ["Hélène Lefèvre", "Helene LEFEVRE", "Mme Hélène Lefèvre", "lefevre helene", "Dr. Hélène Lefèvre"],
    ["Chloé Le Gall", "Chloe LEGALL", "LE GALL Chloé"],
    ["Jeanne d'Arc", "Jeanne D'ARC", "Jeanne Darc"],
    ["Łukasz Wiśniewski", "Lukasz Wisniewski"],
    ["Françoise Cœur", "Francoise Coeur"],
])
def test_spellings_of_one_name_reduce_to_one_key(spellings):
    keys = {parse_name(text).key for text in spellings}
    assert len(keys) == 1, keys


def test_initials_titles_and_emoji_are_told_apart_from_words():
    assert parse_name("J.-P. Dupont") == Name(("dupont",), ("j", "p"))
    assert parse_name("JP Dupont 🌱") == Name(("dupont",), ("j", "p"))
    assert parse_name("Mme Marie Curie") == Name(("marie", "curie"))
    # a title is a title only before the name: "Martin M." is an initial
    assert parse_name("Martin M.").initials == ("m",)
    # addresses and handles are not names
    assert not parse_name("jean.dupont@example.org") and not parse_name("@jpdupont")


def test_organisation_names_drop_the_words_of_their_legal_form():
    assert parse_name("Association Terre Solidaire", organisation=True).key == \
        parse_name("TERRE SOLIDAIRE", organisation=True).key
    assert parse_name("Les Restos du Cœur", organisation=True).key == "coeur restos"
    # nothing is taken for initials in an organisation's name
    assert parse_name("SOS Racisme", organisation=True).words == ("sos", "racisme")


def test_addresses_handles_phones_and_sites_in_one_spelling():
    assert email_address(" Ana.Duval@Example.ORG ") == "ana.duval@example.org"
    assert email_address("mailto:ana@example.org") == "ana@example.org"
    assert email_address("https://example.org/@ana") is None
    # a fediverse account written as a handle or as its profile address
    assert handle("@ana@mastodon.social") == handle("https://mastodon.social/@ana") == "ana@mastodon.social"
    assert handle("@Ana_D", "twitter") == handle("https://x.com/ana_d") == handle("https://twitter.com/Ana_D")
    assert handle("https://www.linkedin.com/in/ana-duval-4a5b/") == "linkedin:ana-duval-4a5b"
    assert handle("ana_d") is None  # a bare word is no handle unless the property says which network
    assert phone_number("+33 6 12 34 56 78") == phone_number("06.12.34.56.78")
    assert site("https://www.terre-solidaire.org/") == site("http://terre-solidaire.org") == "terre-solidaire.org"


def test_local_parts_and_the_forms_a_name_gives_them():
    assert local_name("jean.dupont75") == (Name(("jean", "dupont")), "jeandupont")
    assert local_name("jp.dupont") == (Name(("dupont",), ("j", "p")), "jpdupont")
    forms = name_forms(parse_name("Jean-Pierre Dupont"))
    for written in ("jeanpierredupont", "dupontjeanpierre", "jpdupont", "dupontjp", "jdupont", "jeandupont",
                    "jeanpierred"):
        assert written in forms, written
    assert "dupont" not in forms  # a surname alone says too little


def _frequencies(*names: str) -> Frequencies:
    records = [Record(id=str(i), kind="Person", display=text, name=parse_name(text)) for i, text in enumerate(names)]
    return Frequencies(records)


def test_names_compare_by_level_and_common_names_weigh_less():
    crowd = ["Marie Martin"] * 40 + ["Jean Martin"] * 10 + ["Aurélien Tchakaloff", "Pierre Dupont"]
    freq = _frequencies(*crowd)
    same_rare = compare_names(parse_name("Aurélien Tchakaloff"), parse_name("TCHAKALOFF Aurelien"), freq)
    same_common = compare_names(parse_name("Marie Martin"), parse_name("Martin, Marie"), freq)
    assert same_rare.level == same_common.level == "same name"
    assert same_rare.weight > same_common.weight
    assert compare_names(parse_name("Pierre Dupont"), parse_name("Pierre Dupond"), freq).level == "similar name"
    assert compare_names(parse_name("Jean Martin"), parse_name("J. Martin"), freq).level == "initials"
    assert compare_names(parse_name("Jean Martin"), parse_name("Martin"), freq).level == "partial name"
    partly = compare_names(parse_name("Jean Martin"), parse_name("Marie Martin"), freq)
    assert partly.level == "names partly differ" and partly.weight < 0
    assert compare_names(parse_name("Jean Martin"), parse_name("Zébulon"), freq).level == "different names"
    glued = compare_names(parse_name("Jeanpierre Dupont"), parse_name("Jean-Pierre Dupont"), freq)
    assert glued.level == "same name"


def test_a_record_reads_its_identifiers_from_its_id_aliases_and_properties():
    record = make_record({
        "id": "crm:17", "kind": "Person", "name": "Ana Duval", "aliases": ["tw:@ana_d", "ana@example.org"],
        "identifiers": [["email", "Ana.Duval@Gmail.com"], ["phone", "06 12 34 56 78"],
                        ["mastodon", "@ana@piaille.fr"], ["website", "https://ana-duval.fr/"],
                        ["linkedin", "https://www.linkedin.com/in/ana-duval"]],
        "neighbours": [["p:friend", 3]],
    })
    assert record.identifiers == {
        "email:ana@example.org", "email:ana.duval@gmail.com", "phone:612345678", "handle:twitter:ana_d",
        "handle:ana@piaille.fr", "site:ana-duval.fr", "handle:linkedin:ana-duval"}
    assert "anaduval" in record.blobs and Name(("ana", "duval")) in record.names
