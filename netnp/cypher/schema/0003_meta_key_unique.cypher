// Schema 3: netnp's own bookkeeping nodes (schema version, analysis runs,
// imports) carry the label NetnpMeta and a unique `key`.
//
// Parameters: none
//
// Returns: nothing.
// Mode: write
CREATE CONSTRAINT netnp_meta_key_unique IF NOT EXISTS
FOR (m:NetnpMeta) REQUIRE m.key IS UNIQUE
