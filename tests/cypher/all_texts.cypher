// Every text held by any property of any node or relationship of the database (texts, and the texts of
// lists), with where it is: what a test searches, independently of `netnp person forget`'s own proof.
//
// Parameters: none
//
// Returns: one row per text: owner ('node' or 'tie'), property, text.
// Mode: read
CALL () {
  MATCH (n)
  UNWIND keys(n) AS property
  RETURN 'node' AS owner, property, n[property] AS value
  UNION ALL
  MATCH ()-[r]->()
  UNWIND keys(r) AS property
  RETURN 'tie' AS owner, property, r[property] AS value
}
UNWIND CASE WHEN value IS :: STRING THEN [value]
            WHEN value IS :: LIST<STRING NOT NULL> THEN value
            ELSE [] END AS text
RETURN owner, property, text
