// Records that an entity was forgotten, as keyed hashes of its identifiers
// (netnp.pseudonyms.keyed_hash: HMAC-SHA256 under the private key), never the
// identifiers: one (:NetnpMeta:NetnpForgotten {key: 'forgotten:' + hash})
// node per hash, so that `netnp import` skips rows that would bring the entity
// back (the unique index on NetnpMeta.key finds them). Recording a hash twice
// creates nothing.
//
// Parameters:
//   $hashes: the keyed hashes (64 hex digits each). Example: ["3f9a0c51d2e87b46a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718"]
//
// Returns: one row: hashes (how many hashes are recorded), created (how many of them are new).
// Mode: write
UNWIND $hashes AS hash
OPTIONAL MATCH (old:NetnpMeta {key: 'forgotten:' + hash})
WITH hash, old IS NULL AS created
MERGE (f:NetnpMeta {key: 'forgotten:' + hash})
ON CREATE SET f:NetnpForgotten, f.hash = hash, f.forgotten_at = datetime()
RETURN count(f) AS hashes, count(CASE WHEN created THEN 1 END) AS created
