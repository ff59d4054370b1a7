"""`netnp import --from civicrm | npsp | network-canvas`: CRM and interview exports written to their published formats.

The fixtures follow the exports' documented column names: CiviCRM's Contact
and Relationship field titles (Contact ID, Contact Type, Display Name, Email;
Contact A ID, Contact B ID, Relationship Type, Relationship Start Date, …),
Salesforce NPSP's API names (Contact, Account, npe4__Relationship__c,
npe5__Affiliation__c), and Network Canvas's exporter (ego, attribute and edge
lists with networkCanvasEgoUUID, networkCanvasUUID, networkCanvasSourceUUID,
networkCanvasTargetUUID; GraphML in the nc namespace).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from import_helpers import nodes, tie_properties, ties, write
from test_cli import netnp, server_env

from netnp import database, pseudonyms
from netnp.importing.importer import ImportRejected, import_files
from netnp.sources import SourceOptions, detect

CIVI_CONTACTS = """Contact ID,Contact Type,Contact Subtype,Display Name,First Name,Last Name,Organization Name,Household Name,Email
1,Individual,,Ana Duval,Ana,Duval,,,Ana.Duval@Example.org
2,Organization,,Les Amis du Parc,,,Les Amis du Parc,,contact@amis.example
3,Household,,Duval Family,,,,Duval Family,ana.duval@example.org
4,Individual,,,Bob,Martin,,,
5,Organization,,Ville de Lyon,,,Ville de Lyon,,
"""
CIVI_RELATIONSHIPS = """Relationship ID,Contact A ID,Contact B ID,Relationship Type,Relationship Start Date,Relationship End Date,Relationship Is Active,Relationship Description
10,1,2,Employee of,2019-03-01,,1,
11,4,1,Spouse of,2015-06-20,,1,
12,2,4,Employer of,2018-01-01,2020-12-31,0,
13,1,3,Household Member of,,,1,
14,4,2,Volunteer for,2021-09-01 00:00:00,,1,
15,2,5,Partner of,,,1,
"""


def civicrm_export(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    write(folder / "contacts.csv", CIVI_CONTACTS)
    write(folder / "relationships.csv", CIVI_RELATIONSHIPS)
    return folder


def test_civicrm_files_given_together_through_the_cli(runner, tmp_path):
    export = civicrm_export(tmp_path / "civi")
    mapping = write(tmp_path / "map.csv", "relationship_type,tie_type\nPartner of,PARTNERS_WITH\n")
    result = netnp("import", str(export / "contacts.csv"), str(export / "relationships.csv"), "--from", "civicrm",
                   "--map", str(mapping), "--json", env=server_env(runner.settings))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["ties_written"] == 6
    got = nodes(runner)
    assert {i: (d["kind"], d.get("name"), d.get("category")) for i, d in got.items()} == {
        "civicrm:1": ("Person", "Ana Duval", None),
        "civicrm:2": ("Organization", "Les Amis du Parc", None),
        "civicrm:3": ("Organization", "Duval Family", "household"),
        "civicrm:4": ("Person", "Bob Martin", None),
        "civicrm:5": ("Organization", "Ville de Lyon", None),
    }
    assert ties(runner) == {
        ("civicrm:1", "WORKS_FOR", "civicrm:2", "civicrm", 1.0, "2019-03-01", None): 1,
        ("civicrm:4", "KNOWS", "civicrm:1", "civicrm", 1.0, "2015-06-20", None): 1,
        # "Employer of" reads from B to A: the tie goes from the employee
        ("civicrm:4", "WORKS_FOR", "civicrm:2", "civicrm", 1.0, "2018-01-01", "2020-12-31"): 1,
        ("civicrm:1", "MEMBER_OF", "civicrm:3", "civicrm", 1.0, None, None): 1,
        ("civicrm:4", "VOLUNTEERS_FOR", "civicrm:2", "civicrm", 1.0, "2021-09-01", None): 1,
        ("civicrm:2", "PARTNERS_WITH", "civicrm:5", "civicrm", 1.0, None, None): 1,
    }
    props = tie_properties(runner)
    assert props[("civicrm:4", "KNOWS", "civicrm:1", "civicrm")]["relation"] == "Spouse of"
    assert props[("civicrm:4", "WORKS_FOR", "civicrm:2", "civicrm")]["active"] is False
    report = import_files(runner, graphs=[export], source="civicrm",
                          source_options=SourceOptions(settings={"map": mapping}))
    assert report.ties_written == 6 and database.stats(runner)["ties"]["total"] == 6


def test_civicrm_email_alias_joins_a_mail_address(runner, tmp_path):
    export = civicrm_export(tmp_path / "civi")
    mapping = write(tmp_path / "map.csv", "relationship_type,tie_type\npartner of,PARTNERS_WITH\n")
    # a tie that names the address, as a mail import does, lands on the contact
    edges = write(tmp_path / "mail.csv", "source,target,type,channel\nana.duval@example.org,civicrm:4,KNOWS,email\n")
    import_files(runner, edges=edges, graphs=[export], source="civicrm",
                 source_options=SourceOptions(settings={"map": mapping}))
    assert ("civicrm:1", "KNOWS", "civicrm:4", "email", 1.0, None, None) in ties(runner)
    got = nodes(runner)
    # the address is the alias of the first contact that has it (the household shares it)
    assert got["civicrm:1"]["aliases"] == ["ana.duval@example.org"] and "aliases" not in got["civicrm:3"]


def test_civicrm_is_detected_from_its_headers(tmp_path):
    export = civicrm_export(tmp_path / "civi")
    assert detect(export) == "civicrm"
    assert detect(export / "contacts.csv") == "civicrm" and detect(export / "relationships.csv") == "civicrm"
    # netnp's own CSV, and a header one column short of a CiviCRM export, are not CiviCRM's
    assert detect(write(tmp_path / "nodes.csv", "id,kind,name\na,person,A\n")) is None
    assert detect(write(tmp_path / "c.csv", "Contact ID,Display Name\n1,Ana\n")) is None
    (tmp_path / "civi" / "notes.csv").write_text("Contact ID,Display Name\n1,Ana\n")
    assert detect(export) is None  # a folder is detected only when every CSV of it is the source's


def test_civicrm_unmapped_relationship_type_names_file_line_field_and_map(runner, tmp_path):
    export = civicrm_export(tmp_path / "civi")
    with (export / "relationships.csv").open("a") as fh:
        fh.write("16,4,1,Case Coordinator is,,,1,\n")
    with pytest.raises(ImportRejected) as caught:
        import_files(runner, graphs=[export / "contacts.csv", export / "relationships.csv"], source="civicrm")
    assert len(caught.value.problems) == 1
    problem = caught.value.problems[0]
    assert (problem.file, problem.where, problem.field) == ("relationships.csv", 8, "Relationship Type")
    assert "'Case Coordinator is'" in problem.reason and "--map" in problem.reason
    mapping = write(tmp_path / "map.csv", "relationship_type,tie_type\ncase coordinator is,COORDINATES\n")
    import_files(runner, graphs=[export], source="civicrm", source_options=SourceOptions(settings={"map": mapping}))
    assert ("civicrm:4", "COORDINATES", "civicrm:1", "civicrm") in tie_properties(runner)
    database.reset(runner)
    bad_map = write(tmp_path / "bad.csv", "relationship_type,tie_type\nCase Coordinator is,knows\n")
    result = netnp("import", str(export), "--from", "civicrm", "--map", str(bad_map), env=server_env(runner.settings))
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "bad.csv, line 2, field tie_type" in result.stderr
    assert database.stats(runner)["nodes"]["total"] == 0


def test_civicrm_bad_cells_are_named_by_their_column(runner, tmp_path):
    contacts = write(tmp_path / "contacts.csv", "Contact ID,Contact Type,Display Name\n1,Individual,Ana\n"
                                                "x2,Individual,Bob\n3,Robot,R2\n")
    relationships = write(tmp_path / "rel.csv", "Contact A,Contact B,Relationship Type,Start Date,End Date\n"
                                                "1,3,Friend of,2020-13-45,\nAna Duval,1,Friend of,,\n")
    with pytest.raises(ImportRejected) as caught:
        import_files(runner, graphs=[contacts, relationships], source="civicrm")
    found = {(p.file, p.where, p.field) for p in caught.value.problems}
    assert found == {("contacts.csv", 3, "Contact ID"), ("contacts.csv", 4, "Contact Type"),
                     ("rel.csv", 2, "Start Date"), ("rel.csv", 3, "Contact A")}
    assert database.stats(runner)["nodes"]["total"] == 0


def test_civicrm_pseudonymised_ids_and_names(runner, tmp_path, monkeypatch):
    monkeypatch.setenv(pseudonyms.KEY_FILE_ENV, str(tmp_path / "key"))
    export = civicrm_export(tmp_path / "civi")
    mapping = write(tmp_path / "map.csv", "relationship_type,tie_type\nPartner of,PARTNERS_WITH\n")
    options = SourceOptions(pseudonymise=True, names="drop", settings={"map": mapping})
    import_files(runner, graphs=[export], source="civicrm", source_options=options)
    key = pseudonyms.load_key()
    got = nodes(runner)
    ana = pseudonyms.pseudonym("civicrm:1", key)
    assert set(got) == {pseudonyms.pseudonym(f"civicrm:{i}", key) for i in range(1, 6)}
    text = json.dumps(got) + json.dumps([list(t) for t in ties(runner)])
    for secret in ("Ana", "Duval", "Bob", "example.org", "civicrm:1"):
        assert secret not in text
    assert got[pseudonyms.pseudonym("civicrm:2", key)]["name"] == "Les Amis du Parc"  # organisations keep theirs
    assert got[ana]["aliases"] == [pseudonyms.pseudonym("ana.duval@example.org", key)]


# -- Salesforce NPSP --------------------------------------------------------------------------------
NPSP_CONTACTS = """"Id","IsDeleted","FirstName","LastName","Email","AccountId"
"0035g00000AaaaaAAA","false","Ana","Duval","ana@example.org","0015g00000HhhhhAAA"
"0035g00000BbbbbAAA","false","Bob","Martin","","0015g00000HhhhhAAA"
"0035g00000CcccсAAA","true","Old","Record","","0015g00000HhhhhAAA"
"0035g00000DdddddAA","false","Chloé","Petit","chloe@example.org",""
"""
NPSP_ACCOUNTS = """"Id","IsDeleted","Name","Type","npe01__SYSTEM_AccountType__c"
"0015g00000HhhhhAAA","false","Duval Household","Household","Household Account"
"0015g00000OoooOAAA","false","Les Amis du Parc","Nonprofit",""
"""
NPSP_RELATIONSHIPS = """"Id","npe4__Contact__c","npe4__RelatedContact__c","npe4__Type__c","npe4__Status__c","npe4__ReciprocalRelationship__c"
"a0B5g00000R1AAA","0035g00000AaaaaAAA","0035g00000DdddddAA","Friend","Current","a0B5g00000R2AAA"
"a0B5g00000R2AAA","0035g00000DdddddAA","0035g00000AaaaaAAA","Friend","Current","a0B5g00000R1AAA"
"a0B5g00000R3AAA","0035g00000BbbbbAAA","0035g00000DdddddAA","Coworker","Former",""
"""
NPSP_AFFILIATIONS = """"Id","npe5__Contact__c","npe5__Organization__c","npe5__Role__c","npe5__Status__c","npe5__StartDate__c","npe5__EndDate__c","npe5__Primary__c"
"a025g00000F1AAA","0035g00000AaaaaAAA","0015g00000OoooOAAA","Volunteer","Current","2020-02-01","","false"
"a025g00000F2AAA","0035g00000DdddddAA","0015g00000OoooOAAA","Employee","Former","2017-05-01","2021-06-30","true"
"a025g00000F3AAA","0035g00000BbbbbAAA","0015g00000OoooOAAA","Board Member","Former","","","false"
"""


def npsp_export(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    write(folder / "Contact.csv", NPSP_CONTACTS)
    write(folder / "Account.csv", NPSP_ACCOUNTS)
    write(folder / "npe4__Relationship__c.csv", NPSP_RELATIONSHIPS)
    write(folder / "npe5__Affiliation__c.csv", NPSP_AFFILIATIONS)
    return folder


def test_npsp_export_folder_detected_through_the_cli(runner, tmp_path):
    export = npsp_export(tmp_path / "salesforce")
    assert detect(export) == "npsp"
    result = netnp("import", str(export), env=server_env(runner.settings))
    assert result.returncode == 0, result.stderr
    got = nodes(runner)
    ana, bob, chloe = "npsp:0035g00000AaaaaAAA", "npsp:0035g00000BbbbbAAA", "npsp:0035g00000DdddddAA"
    household, amis = "npsp:0015g00000HhhhhAAA", "npsp:0015g00000OoooOAAA"
    assert {i: (d["kind"], d.get("name"), d.get("category")) for i, d in got.items()} == {
        ana: ("Person", "Ana Duval", None), bob: ("Person", "Bob Martin", None),
        chloe: ("Person", "Chloé Petit", None),  # the deleted record is left out
        household: ("Organization", "Duval Household", "household"),
        amis: ("Organization", "Les Amis du Parc", "nonprofit"),
    }
    assert ties(runner) == {
        (ana, "MEMBER_OF", household, "npsp", 1.0, None, None): 1,
        (bob, "MEMBER_OF", household, "npsp", 1.0, None, None): 1,
        (ana, "KNOWS", chloe, "npsp", 1.0, None, None): 1,  # the reciprocal record is the same relationship
        (bob, "KNOWS", chloe, "npsp", 1.0, None, None): 1,
        (ana, "VOLUNTEERS_FOR", amis, "npsp", 1.0, "2020-02-01", None): 1,
        (chloe, "WORKS_FOR", amis, "npsp", 1.0, "2017-05-01", "2021-06-30"): 1,
        (bob, "MEMBER_OF", amis, "npsp", 1.0, None, None): 1,
    }
    props = tie_properties(runner)
    assert (props[(bob, "KNOWS", chloe, "npsp")]["relation"], props[(bob, "KNOWS", chloe, "npsp")]["status"]) == \
        ("Coworker", "Former")
    former = props[(bob, "MEMBER_OF", amis, "npsp")]
    assert (former["role"], former["status"], former.get("until")) == ("Board Member", "Former", None)
    again = netnp("import", str(export), "--from", "npsp", env=server_env(runner.settings))
    assert again.returncode == 0, again.stderr
    assert database.stats(runner)["ties"]["total"] == 7


def test_npsp_map_overrides_roles_and_a_missing_account_is_named(runner, tmp_path):
    export = npsp_export(tmp_path / "salesforce")
    mapping = write(tmp_path / "map.csv", "relationship_type,tie_type\nvolunteer,MEMBER_OF\nCoworker,WORKS_WITH\n")
    import_files(runner, graphs=[export], source="npsp", source_options=SourceOptions(settings={"map": mapping}))
    types = {(s, t, o) for s, t, o, *_ in ties(runner)}
    assert ("npsp:0035g00000AaaaaAAA", "MEMBER_OF", "npsp:0015g00000OoooOAAA") in types
    assert ("npsp:0035g00000BbbbbAAA", "WORKS_WITH", "npsp:0035g00000DdddddAA") in types
    database.reset(runner)
    (export / "Account.csv").unlink()
    with pytest.raises(ImportRejected) as caught:
        import_files(runner, graphs=[export], source="npsp")
    first = caught.value.problems[0]
    assert (first.file, first.where, first.field) == ("salesforce", "Contact.csv, line 2", "target")
    assert "npsp:0015g00000HhhhhAAA" in first.reason


# -- Network Canvas ---------------------------------------------------------------------------------
EGO_UUID, ANA, BOB, CHLOE = ("9a1b2c3d-0000-4000-8000-00000000e90", "11111111-aaaa-4bbb-8ccc-000000000001",
                             "11111111-aaaa-4bbb-8ccc-000000000002", "11111111-aaaa-4bbb-8ccc-000000000003")
VENUE = "22222222-aaaa-4bbb-8ccc-000000000001"


def canvas_csv(folder: Path) -> Path:
    """An interview exported as CSV by Network Canvas: the ego list, an attribute list per node
    type, an edge list per edge type, named <case>_<session>_<part>[_<type>].csv."""
    folder.mkdir(parents=True, exist_ok=True)
    prefix = "case7_5f0c8a1e"
    write(folder / f"{prefix}_ego.csv",
          "networkCanvasEgoUUID,networkCanvasCaseID,networkCanvasSessionID,networkCanvasProtocolName,"
          "sessionStart,sessionFinish,sessionExported,name\n"
          f"{EGO_UUID},case7,5f0c8a1e,Asso network,2024-03-01T10:00:00Z,2024-03-01T10:40:00Z,"
          "2024-03-02T09:00:00Z,Dana\n")
    write(folder / f"{prefix}_attributeList_Person.csv",
          "nodeID,networkCanvasEgoUUID,networkCanvasUUID,name,closeness\n"
          f"1,{EGO_UUID},{ANA},Ana,4\n2,{EGO_UUID},{BOB},Bob,2\n3,{EGO_UUID},{CHLOE},Chloé,5\n")
    write(folder / f"{prefix}_attributeList_Organization.csv",
          "nodeID,networkCanvasEgoUUID,networkCanvasUUID,name\n"
          f"4,{EGO_UUID},{VENUE},Maison des associations\n")
    write(folder / f"{prefix}_edgeList_friends.csv",
          "edgeID,from,to,networkCanvasEgoUUID,networkCanvasUUID,networkCanvasSourceUUID,networkCanvasTargetUUID\n"
          f"1,1,2,{EGO_UUID},e-1,{ANA},{BOB}\n2,2,3,{EGO_UUID},e-2,{BOB},{CHLOE}\n")
    write(folder / f"{prefix}_edgeList_work together.csv",
          "edgeID,from,to,networkCanvasEgoUUID,networkCanvasUUID,networkCanvasSourceUUID,networkCanvasTargetUUID\n"
          f"3,1,3,{EGO_UUID},e-3,{ANA},{CHLOE}\n")
    return folder


def canvas_graphml(path: Path) -> Path:
    """The same interview as Network Canvas's GraphML exporter writes it."""
    write(path, f"""<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"
    xmlns:nc="http://schema.networkcanvas.com/xmlns">
  <key id="e-name" attr.name="name" attr.type="string" for="graph"/>
  <key id="label" attr.name="label" attr.type="string" for="all"/>
  <key id="networkCanvasType" attr.name="networkCanvasType" attr.type="string" for="all"/>
  <key id="networkCanvasUUID" attr.name="networkCanvasUUID" attr.type="string" for="all"/>
  <key id="p-name" attr.name="name" attr.type="string" for="node"/>
  <key id="p-close" attr.name="closeness" attr.type="int" for="node"/>
  <key id="networkCanvasTargetUUID" attr.name="networkCanvasTargetUUID" attr.type="string" for="edge"/>
  <key id="networkCanvasSourceUUID" attr.name="networkCanvasSourceUUID" attr.type="string" for="edge"/>
  <graph edgedefault="undirected" nc:caseId="case7" nc:sessionUUID="5f0c8a1e" nc:protocolName="Asso network"
      nc:remoteProtocolID="x" nc:sessionExportTime="2024-03-02T09:00:00Z">
    <data key="networkCanvasUUID">{EGO_UUID}</data>
    <data key="e-name">Dana</data>
    <node id="1"><data key="networkCanvasUUID">{ANA}</data><data key="networkCanvasType">Person</data>
      <data key="label">Ana</data><data key="p-name">Ana</data><data key="p-close">4</data></node>
    <node id="2"><data key="networkCanvasUUID">{BOB}</data><data key="networkCanvasType">Person</data>
      <data key="label">Bob</data><data key="p-name">Bob</data></node>
    <node id="3"><data key="networkCanvasUUID">{CHLOE}</data><data key="networkCanvasType">Person</data>
      <data key="label">Chloé</data><data key="p-name">Chloé</data></node>
    <node id="4"><data key="networkCanvasUUID">{VENUE}</data><data key="networkCanvasType">Organization</data>
      <data key="label">Maison des associations</data></node>
    <edge id="1" source="1" target="2"><data key="networkCanvasUUID">e-1</data>
      <data key="networkCanvasType">friends</data>
      <data key="networkCanvasSourceUUID">{ANA}</data><data key="networkCanvasTargetUUID">{BOB}</data></edge>
    <edge id="2" source="2" target="3"><data key="networkCanvasUUID">e-2</data>
      <data key="networkCanvasType">friends</data>
      <data key="networkCanvasSourceUUID">{BOB}</data><data key="networkCanvasTargetUUID">{CHLOE}</data></edge>
    <edge id="3" source="1" target="3"><data key="networkCanvasUUID">e-3</data>
      <data key="networkCanvasType">work together</data>
      <data key="networkCanvasSourceUUID">{ANA}</data><data key="networkCanvasTargetUUID">{CHLOE}</data></edge>
  </graph>
</graphml>
""")
    return path


def _canvas_expected() -> tuple[dict, set]:
    ego, ana, bob, chloe, venue = (f"network-canvas:{u}" for u in (EGO_UUID, ANA, BOB, CHLOE, VENUE))
    people = {ego: ("Person", "Dana"), ana: ("Person", "Ana"), bob: ("Person", "Bob"), chloe: ("Person", "Chloé"),
              venue: ("Organization", "Maison des associations")}
    edges = {(ego, "KNOWS", ana), (ego, "KNOWS", bob), (ego, "KNOWS", chloe), (ego, "MEMBER_OF", venue),
             (ana, "FRIENDS", bob), (bob, "FRIENDS", chloe), (ana, "WORK_TOGETHER", chloe)}
    return people, edges


@pytest.mark.parametrize("form", ["csv", "graphml"])
def test_network_canvas_interview_through_the_cli(runner, tmp_path, form):
    export = canvas_csv(tmp_path / "export") if form == "csv" else canvas_graphml(tmp_path / "case7_5f0c8a1e.graphml")
    assert detect(export) == "network-canvas"
    mapping = write(tmp_path / "map.csv", "relationship_type,tie_type\norganization,MEMBER_OF\n")
    result = netnp("import", str(export), "--map", str(mapping), env=server_env(runner.settings))
    assert result.returncode == 0, result.stderr
    people, edges = _canvas_expected()
    got = nodes(runner)
    assert {i: (d["kind"], d.get("name")) for i, d in got.items()} == people
    assert {(s, t, o) for s, t, o, channel, *_ in ties(runner) if channel == "network-canvas"} == edges
    assert sum(ties(runner).values()) == len(edges)


def test_network_canvas_as_attaches_the_ego_and_csv_and_graphml_agree(runner, tmp_path):
    org = write(tmp_path / "org.csv", "id,kind,name\norg:asso,organization,Asso\n")
    import_files(runner, nodes=org)
    mapping = write(tmp_path / "map.csv", "relationship_type,tie_type\norganization,MEMBER_OF\n")
    options = SourceOptions(as_id="org:asso", settings={"map": mapping})
    import_files(runner, graphs=[canvas_csv(tmp_path / "export")], source="network-canvas", source_options=options)
    first = ties(runner)
    assert sum(1 for s, *_ in first if s == "org:asso") == 4
    assert f"network-canvas:{EGO_UUID}" not in nodes(runner)
    # the GraphML of the same interview adds nothing: the same people, the same ties
    import_files(runner, graphs=[canvas_graphml(tmp_path / "i.graphml")], source="network-canvas",
                 source_options=options)
    assert ties(runner) == first


def test_network_canvas_edge_without_a_type_is_named(runner, tmp_path):
    export = canvas_csv(tmp_path / "export")
    bad = export / "edges.csv"
    bad.write_text("networkCanvasEgoUUID,networkCanvasSourceUUID,networkCanvasTargetUUID\n"
                   f"{EGO_UUID},{ANA},\n")
    with pytest.raises(ImportRejected) as caught:
        import_files(runner, graphs=[export], source="network-canvas")
    found = {(p.where, p.field) for p in caught.value.problems}
    assert found == {("edges.csv, line 2", "networkCanvasTargetUUID")}
    bad.write_text("networkCanvasEgoUUID,networkCanvasSourceUUID,networkCanvasTargetUUID\n"
                   f"{EGO_UUID},{ANA},{BOB}\n")
    with pytest.raises(ImportRejected) as caught:
        import_files(runner, graphs=[bad], source="network-canvas")
    assert [(p.where, p.field) for p in caught.value.problems] == [(2, "networkCanvasType")]
    assert database.stats(runner)["nodes"]["total"] == 0
