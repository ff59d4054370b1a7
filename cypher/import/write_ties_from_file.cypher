// Creates or updates ties between existing entities, read from a CSV file in
// the server's import directory: what import/write_ties does with rows sent as
// a parameter, for netnp's local server, where the importer writes each batch
// to a file (no Bolt packing on either side; see docs/model.md). A tie is
// identified by its source, type, target and channel: when the graph has that
// tie it is updated, else it is created. The row's properties replace the
// stored ones (a null value removes a property); `netnp_source`,
// `netnp_import_id` and `netnp_imported_at` record where the tie came from.
// The type is checked against ^[A-Z][A-Z0-9_]*$ before the file is written and
// reaches the graph only through the dynamic type (a)-[r:$(row[2])]->(b). Rows
// whose endpoints are missing are skipped. As for import/write_ties, the look-up
// takes no lock: the importer gives every pair of endpoints to one writer, and
// never runs this query on a graph without relationships.
//
// The file has no header; its columns are: source, target, type, weight (a
// number), channel, since and until (ISO dates, empty for none), properties (a
// JSON object, empty for none). Empty cells are read as null. The rows have
// distinct identities.
//
// Parameters:
//   $file: the file's URL, relative to the import directory. Example: "file:///netnp-ties-5f3a9c.csv"
//   $provenance: source file, import id and ISO time of the import. Example: {"source": "edges.csv", "import_id": "imp-1", "imported_at": "2026-11-25T10:00:00Z"}
//
// Returns: one row: ties (how many rows were written).
// Mode: write
WITH datetime($provenance.imported_at) AS imported_at
LOAD CSV FROM $file AS row
MATCH (a:Entity {id: row[0]})
MATCH (b:Entity {id: row[1]})
WITH a, b, row, imported_at,
     [(a)-[stored]->(b) WHERE type(stored) = row[2] AND stored.channel = row[4] | stored][0] AS found
CALL (a, b, row, found) {
  WITH a, b, row WHERE found IS NULL
  CREATE (a)-[created:$(row[2]) {channel: row[4]}]->(b)
  RETURN created AS r
  UNION ALL
  WITH found WHERE found IS NOT NULL
  RETURN found AS r
}
SET r += CASE WHEN row[7] IS NULL THEN {} ELSE apoc.convert.fromJsonMap(row[7]) END,
    r.weight = toFloat(row[3]),
    r.since = date(row[5]),
    r.until = date(row[6]),
    r.netnp_source = $provenance.source,
    r.netnp_import_id = $provenance.import_id,
    r.netnp_imported_at = imported_at
RETURN count(r) AS ties
