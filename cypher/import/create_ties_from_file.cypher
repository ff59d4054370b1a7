// Creates ties between existing entities, read from a CSV file in the server's
// import directory: what import/create_ties does with rows sent as a
// parameter, for netnp's local server, where the importer writes each batch
// to a file (no Bolt packing on either side; see docs/model.md). The rows are
// the ties first seen in an import into a graph that had no relationship, with
// distinct identities (source, type, target, channel), so no look-up is
// needed. The type is checked against ^[A-Z][A-Z0-9_]*$ before the file is
// written and reaches the graph only through the dynamic type
// (a)-[r:$(row[2])]->(b). Rows whose endpoints are missing are skipped.
//
// The file has no header; its columns are: source, target, type, weight (a
// number), channel, since and until (ISO dates, empty for none), properties (a
// JSON object, empty for none). Empty cells are read as null.
//
// Parameters:
//   $file: the file's URL, relative to the import directory. Example: "file:///netnp-ties-5f3a9c.csv"
//   $provenance: source file, import id and ISO time of the import. Example: {"source": "edges.csv", "import_id": "imp-1", "imported_at": "2026-11-25T10:00:00Z"}
//
// Returns: one row: ties (how many were created).
// Mode: write
WITH datetime($provenance.imported_at) AS imported_at
LOAD CSV FROM $file AS row
MATCH (a:Entity {id: row[0]})
MATCH (b:Entity {id: row[1]})
CREATE (a)-[r:$(row[2]) {channel: row[4]}]->(b)
SET r += CASE WHEN row[7] IS NULL THEN {} ELSE apoc.convert.fromJsonMap(row[7]) END,
    r.weight = toFloat(row[3]),
    r.since = date(row[5]),
    r.until = date(row[6]),
    r.netnp_source = $provenance.source,
    r.netnp_import_id = $provenance.import_id,
    r.netnp_imported_at = imported_at
RETURN count(r) AS ties
