"""`netnp import --from linkedin|survey|attendance`: LinkedIn's Connections.csv (note lines before the header),
roster surveys and sign-up sheets, imported by the command line into the real server.

Attendance is tested on Davis's Southern Women (networkx): 18 women at 14
events, whose co-attendance networkx projects. The tests at the end, "dated
observations", assert what is stored on each tie per attendance.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import networkx as nx
from import_helpers import nodes, tie_properties
from networkx.algorithms import bipartite
from test_cli import assert_one_line_error
from test_sources_mbox import imported, netnp

LINKEDIN_NOTES = (
    'Notes:\n"When exporting your connection data, you may notice that some of the email addresses are missing. '
    "You will only see email addresses for connections who have allowed their connections to see or download their "
    "email address using this setting https://www.linkedin.com/psettings/privacy/email. You can learn more here "
    'https://www.linkedin.com/help/linkedin/answer/261"\n\n'
)
LINKEDIN_HEADER = ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]
CONNECTIONS = [
    ["Ann", "Lee", "https://www.linkedin.com/in/ann-lee-1234", "Ann@Asso.org", "Asso du Quartier", "Coordinatrice",
     "05 Dec 2026"],
    ["Jörg", "Müller", "https://www.linkedin.com/in/joerg-mueller", "", "Müller & Söhne, GmbH", "CEO", "17 Jan 2025"],
    ["Bob", "Ray", "https://www.linkedin.com/in/bobray/", "", "", "", "02 Feb 2024"],
    ["Chloé", "Petit", "https://www.linkedin.com/in/chloe-petit", "chloe@example.org", "Asso du Quartier", "Trésorière",
     "30 Nov 2026"],
]


def write_csv(path: Path, header: list[str], rows: list[list[str]], before: str = "") -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(before)
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def ties_of(runner, tie_type: str) -> dict[tuple[str, str], dict]:
    """(source, target) -> the properties netnp did not add, of each tie of ``tie_type``."""
    return {(s, t): {k: v for k, v in p.items() if not k.startswith("netnp_")}
            for (s, kind, t, _), p in tie_properties(runner).items() if kind == tie_type}


def connected_on(text: str) -> str:
    return dt.datetime.strptime(text, "%d %b %Y").date().isoformat()


# -- linkedin ------------------------------------------------------------------------------------
def test_linkedin_owner_knows_each_connection_since_connected_on(runner, tmp_path):
    path = write_csv(tmp_path / "Connections.csv", LINKEDIN_HEADER, CONNECTIONS, before=LINKEDIN_NOTES)
    imported(runner, str(path))  # detected: no --from
    people = nodes(runner)
    knows = ties_of(runner, "KNOWS")
    ids = {}
    for first, last, url, address, *_ in CONNECTIONS:
        (found,) = [i for i, node in people.items() if node.get("name") == f"{first} {last}"]
        ids[first] = found
        # the address when given, else the profile's URL, a web page's id: LinkedIn's spelling is already
        # normal, its trailing "/" included (RFC 3986)
        assert found == (address.lower() if address else url)
    assert set(knows) == {("linkedin:me", ids[row[0]]) for row in CONNECTIONS}
    for row in CONNECTIONS:
        assert knows[("linkedin:me", ids[row[0]])]["since"] == connected_on(row[6])
        assert knows[("linkedin:me", ids[row[0]])]["channel"] == "linkedin"
    works = ties_of(runner, "WORKS_FOR")
    companies = {row[4] for row in CONNECTIONS if row[4]}
    assert {people[org]["name"] for _, org in works} == companies
    assert all(people[org]["kind"] == "Organization" for _, org in works)
    assert {(people[p]["name"], people[o]["name"], props.get("position")) for (p, o), props in works.items()} == \
        {(f"{r[0]} {r[1]}", r[4], r[5]) for r in CONNECTIONS if r[4]}
    imported(runner, str(path), "--from", "linkedin")
    assert (nodes(runner), ties_of(runner, "KNOWS")) == (people, knows)


def test_linkedin_owner_named_by_me_and_as(runner, tmp_path):
    path = write_csv(tmp_path / "Connections.csv", LINKEDIN_HEADER, CONNECTIONS, before=LINKEDIN_NOTES)
    (tmp_path / "org.csv").write_text("id,kind,name\norg:asso,organization,Association du quartier\n")
    assert netnp(runner, "import", "--nodes", str(tmp_path / "org.csv")).returncode == 0
    imported(runner, str(path), "--from", "linkedin", "--as", "org:asso")
    assert {s for s, _ in ties_of(runner, "KNOWS")} == {"org:asso"}
    assert nodes(runner)["org:asso"]["kind"] == "Organization"
    assert "linkedin:me" not in nodes(runner)


def test_linkedin_bad_date_names_line_and_field_and_writes_nothing(runner, tmp_path):
    rows = [*CONNECTIONS[:2], ["Eve", "Adams", "https://www.linkedin.com/in/eve", "", "", "", "the fifth of May"]]
    path = write_csv(tmp_path / "Connections.csv", LINKEDIN_HEADER, rows, before=LINKEDIN_NOTES)
    done = netnp(runner, "import", str(path), "--from", "linkedin")
    assert done.returncode != 0 and "Traceback" not in done.stderr
    header_line = LINKEDIN_NOTES.count("\n") + 1
    assert f"Connections.csv, line {header_line + 3}, field Connected On" in done.stderr
    assert nodes(runner) == {}


# -- survey ------------------------------------------------------------------------------------------
PEOPLE_CSV = "id,kind,name\np:ana,person,Ana López\np:marc,person,Marc Dubois\np:lea,person,Léa Martin\n"
ADVICE, WORK = "Who do you ask for advice?", "Who do you work with?"
SURVEY = [
    ["2026/03/01 10:00:00", "claire@asso.org", "Claire Petit", "Ana López; Marc Dubois", "LOPEZ Ana, claire@asso.org"],
    ["2026/03/02 18:30:00", "ana@asso.org", "Ana López", "Claire Petit\nPaul Martin", "p:lea"],
    ["2026/03/02 19:00:00", "paul@example.org", "Paul Martin", "", "Mme Léa Martin, Ana López"],
]


def test_survey_answers_become_ties_to_the_people_named(runner, tmp_path):
    (tmp_path / "people.csv").write_text(PEOPLE_CSV)
    assert netnp(runner, "import", "--nodes", str(tmp_path / "people.csv")).returncode == 0
    path = write_csv(tmp_path / "survey.csv", ["Timestamp", "Email", "Name", ADVICE, WORK], SURVEY)
    imported(runner, str(path), "--from", "survey", "--question", f"{ADVICE}=ADVISES", "--question", f"{WORK}=WORKS_WITH")
    people = nodes(runner)
    by_name = {}
    for node_id, node in people.items():
        by_name.setdefault(node["name"], set()).add(node_id)
    # the graph's people are found by name (order, case, accents and titles aside); respondents by address
    assert by_name["Ana López"] == {"p:ana"}  # her address is new to the graph, her name is not
    assert by_name["Claire Petit"] == {"claire@asso.org"}
    assert by_name["Paul Martin"] == {"paul@example.org"}  # named by Ana before, matched to his own row

    def named(pairs):
        return {(people[s]["name"], people[t]["name"]) for s, t in pairs}

    assert named(ties_of(runner, "ADVISES")) == {("Claire Petit", "Ana López"), ("Claire Petit", "Marc Dubois"),
                                                 ("Ana López", "Claire Petit"), ("Ana López", "Paul Martin")}
    # answering one's own name makes no tie
    assert named(ties_of(runner, "WORKS_WITH")) == {("Claire Petit", "Ana López"), ("Ana López", "Léa Martin"),
                                                    ("Paul Martin", "Léa Martin"), ("Paul Martin", "Ana López")}
    assert {p["channel"] for p in tie_properties(runner).values()} == {"survey"}
    before = tie_properties(runner)
    imported(runner, str(path), "--from", "survey", "--question", f"{ADVICE}=ADVISES", "--question", f"{WORK}=WORKS_WITH")
    assert tie_properties(runner).keys() == before.keys()


def test_survey_an_ambiguous_name_is_an_error_naming_line_and_column(runner, tmp_path):
    (tmp_path / "people.csv").write_text(PEOPLE_CSV + "p:marc-2,person,Marc DUBOIS\n")
    assert netnp(runner, "import", "--nodes", str(tmp_path / "people.csv")).returncode == 0
    path = write_csv(tmp_path / "survey.csv", ["Timestamp", "Email", "Name", ADVICE, WORK], SURVEY)
    done = netnp(runner, "import", str(path), "--from", "survey", "--question", f"{ADVICE}=ADVISES")
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert f"survey.csv, line 2, field {ADVICE.lower()}" in done.stderr and "p:marc, p:marc-2" in done.stderr
    assert set(nodes(runner)) == {"p:ana", "p:marc", "p:lea", "p:marc-2"}


def test_survey_questions_must_be_named_and_present(runner, tmp_path):
    path = write_csv(tmp_path / "survey.csv", ["Timestamp", "Email", "Name", ADVICE, WORK], SURVEY)
    done = netnp(runner, "import", str(path), "--from", "survey")
    assert done.returncode != 0 and "--question" in done.stderr and "Traceback" not in done.stderr
    done = netnp(runner, "import", str(path), "--from", "survey", "--question", "Who inspires you?=INSPIRES")
    assert done.returncode != 0 and "who inspires you?" in done.stderr and "Traceback" not in done.stderr


# -- attendance ------------------------------------------------------------------------------------
def davis_sheet(path: Path, repeat_event: bool = False) -> tuple[nx.Graph, dict[str, str]]:
    """Davis's Southern Women as a sign-up sheet: one row per woman and event, event E<i> on its own date."""
    g = nx.davis_southern_women_graph()
    events = sorted(g.graph["bottom"], key=lambda e: int(e[1:]))
    dates = {e: (dt.date(2026, 1, 5) + dt.timedelta(weeks=i)).isoformat() for i, e in enumerate(events)}
    rows = [[woman, f"Meeting {event}", dates[event]] for woman in g.graph["top"] for event in g[woman]]
    write_csv(path, ["person", "event", "date"], rows)
    return g, dates


def test_attendance_gives_attends_ties_and_co_attendance_knows_ties(runner, tmp_path):
    g, _ = davis_sheet(tmp_path / "signups.csv")
    imported(runner, str(tmp_path / "signups.csv"), "--from", "attendance", "--co-attendance")
    people = nodes(runner)
    attends = ties_of(runner, "ATTENDS")
    assert {(people[p]["name"], people[e]["name"]) for p, e in attends} == \
        {(w, f"Meeting {e}") for w in g.graph["top"] for e in g[w]}
    events = {e for _, e in attends}
    assert all(people[e]["kind"] == "Organization" and people[e]["category"] == "event" for e in events)
    assert {p["channel"] for p in attends.values()} == {"attendance"}
    projected = bipartite.projected_graph(g, g.graph["top"])
    knows = ties_of(runner, "KNOWS")
    assert {frozenset((people[a]["name"], people[b]["name"])) for a, b in knows} == \
        {frozenset(e) for e in projected.edges}
    assert len(knows) == projected.number_of_edges()
    assert {p["channel"] for p in knows.values()} == {"co-attendance"}


def test_attendance_without_co_attendance_adds_no_knows(runner, tmp_path):
    davis_sheet(tmp_path / "signups.csv")
    imported(runner, str(tmp_path / "signups.csv"), "--from", "attendance")
    assert ties_of(runner, "KNOWS") == {}


def test_attendance_bad_date_names_line_and_field(runner, tmp_path):
    write_csv(tmp_path / "s.csv", ["person", "event", "date", "email"],
              [["Ana López", "AG 2026", "2026-03-01", "ana@asso.org"], ["Marc", "AG 2026", "March the first", ""]])
    done = netnp(runner, "import", str(tmp_path / "s.csv"), "--from", "attendance")
    assert done.returncode != 0 and "s.csv, line 3, field date" in done.stderr and "Traceback" not in done.stderr
    assert nodes(runner) == {}


# -- dated observations (stored by the importer as docs/model.md, "Dated observations", says) ---------
def test_observations_attendance_dates_and_co_attendance_weights(runner, tmp_path):
    g, dates = davis_sheet(tmp_path / "signups.csv")
    imported(runner, str(tmp_path / "signups.csv"), "--from", "attendance", "--co-attendance")
    people = nodes(runner)
    for (_, event), props in ties_of(runner, "ATTENDS").items():
        assert props["observed"] == [dates[people[event]["name"].removeprefix("Meeting ")]]
    weighted = bipartite.weighted_projected_graph(g, g.graph["top"])
    knows = ties_of(runner, "KNOWS")
    assert {frozenset((people[a]["name"], people[b]["name"])): p["weight"] for (a, b), p in knows.items()} == \
        {frozenset((a, b)): float(w) for a, b, w in weighted.edges(data="weight")}
    for (a, b), props in knows.items():
        shared = set(g[people[a]["name"]]) & set(g[people[b]["name"]])
        assert sorted(props["observed"]) == sorted(dates[e] for e in shared)


def test_observations_a_recurring_event_is_one_tie_with_a_dated_observation_per_date(runner, tmp_path):
    rows = [["Ana López", "Atelier vélo", "2026-03-07"], ["Ana López", "Atelier vélo", "2026-04-04"],
            ["Marc Dubois", "Atelier vélo", "2026-04-04"], ["Léa Martin", "Atelier vélo", "2026-03-07"],
            ["Marc Dubois", "Atelier vélo", "2026-03-07"]]
    write_csv(tmp_path / "s.csv", ["person", "event", "date"], rows)
    imported(runner, str(tmp_path / "s.csv"), "--from", "attendance", "--co-attendance")
    people = nodes(runner)
    attends = {people[p]["name"]: sorted(props["observed"]) for (p, _), props in ties_of(runner, "ATTENDS").items()}
    assert attends == {"Ana López": ["2026-03-07", "2026-04-04"], "Marc Dubois": ["2026-03-07", "2026-04-04"],
                       "Léa Martin": ["2026-03-07"]}
    knows = {frozenset((people[a]["name"], people[b]["name"])): p["weight"] for (a, b), p in ties_of(runner, "KNOWS").items()}
    assert knows == {frozenset(("Ana López", "Marc Dubois")): 2.0, frozenset(("Ana López", "Léa Martin")): 1.0,
                     frozenset(("Marc Dubois", "Léa Martin")): 1.0}



def test_an_owner_node_that_does_not_exist_is_one_line_with_the_closest_ids(runner, tmp_path):
    path = write_csv(tmp_path / "Connections.csv", LINKEDIN_HEADER, CONNECTIONS, before=LINKEDIN_NOTES)
    (tmp_path / "org.csv").write_text("id,kind,name\norg:asso,organization,Association du quartier\n")
    assert netnp(runner, "import", "--nodes", str(tmp_path / "org.csv")).returncode == 0
    done = netnp(runner, "import", str(path), "--from", "linkedin", "--as", "org:aso")
    assert_one_line_error(done, "--as 'org:aso'", "did you mean 'org:asso'")
    assert "linkedin:me" not in nodes(runner) and ties_of(runner, "KNOWS") == {}
