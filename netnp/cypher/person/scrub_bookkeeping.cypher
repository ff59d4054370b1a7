// Removes $ids from netnp's own bookkeeping nodes (NetnpMeta: crawl jobs,
// whose `seeds` list the URLs they started from, locks and other records):
// list elements equal to one of $ids are dropped, and text properties equal to
// one are removed. The hashes of forgotten entities (NetnpForgotten) hold no
// id and are left alone.
//
// Parameters:
//   $ids: the entity's id and aliases. Example: ["https://ana.example.net/"]
//
// Returns: one row: properties (how many properties were changed).
// Mode: write
MATCH (m:NetnpMeta)
WHERE NOT m:NetnpForgotten
UNWIND keys(m) AS key
WITH m, key, m[key] AS value
WHERE key <> 'key'
  AND ((value IS :: STRING AND value IN $ids)
       OR (value IS :: LIST<STRING NOT NULL> AND any(x IN value WHERE x IN $ids)))
SET m[key] = CASE WHEN value IS :: STRING THEN null ELSE [x IN value WHERE NOT x IN $ids] END
RETURN count(*) AS properties
