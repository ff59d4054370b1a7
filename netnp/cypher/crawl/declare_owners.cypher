// Declares which organisation owns which web entity, from a seeds file: the
// organisation (created as an Organization if it does not exist yet) gets an
// OWNS tie to the web entity of its seed URL, and an OWNS tie (channel 'web')
// to the seed page itself, so that organisations take part in the analyses
// of the page network. The seed pages exist: the crawl records them first.
//
// Parameters:
//   $rows: one map per seeds-file line: url (normalised), entity, entity_mode, organization_id. Example: [{"url": "https://example.org/", "entity": "web:example.org", "entity_mode": "domain", "organization_id": "org:asso"}]
//   $provenance: source file, import id (the job) and ISO time. Example: {"source": "seeds.csv", "import_id": "crawl:3fa2b1c0d4e5", "imported_at": "2026-11-25T10:00:00Z"}
//
// Returns: one row: owners (how many rows were recorded).
// Mode: write
UNWIND $rows AS row
MERGE (o:Entity {id: row.organization_id})
ON CREATE SET o:Organization, o.name = row.organization_id,
              o.netnp_source = $provenance.source,
              o.netnp_import_id = $provenance.import_id,
              o.netnp_imported_at = datetime($provenance.imported_at)
MERGE (e:WebEntity {id: row.entity})
ON CREATE SET e.name = substring(row.entity, 4), e.mode = row.entity_mode
SET e.seed = true
MERGE (o)-[owns:OWNS]->(e)
SET owns.weight = 1.0, owns.channel = 'web',
    owns.netnp_source = $provenance.source,
    owns.netnp_import_id = $provenance.import_id,
    owns.netnp_imported_at = datetime($provenance.imported_at)
WITH o, row
MATCH (p:Entity:WebPage {id: row.url}) USING INDEX p:Entity(id)
MERGE (o)-[site:OWNS {channel: 'web'}]->(p)
SET site.weight = 1.0,
    site.netnp_source = $provenance.source,
    site.netnp_import_id = $provenance.import_id,
    site.netnp_imported_at = datetime($provenance.imported_at)
RETURN count(*) AS owners
