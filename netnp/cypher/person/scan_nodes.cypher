// Searches every text property (texts and lists of texts) of every node of
// the database for some terms, the proof that `netnp person forget` left
// nothing behind. A term is found when the text, in lower case, holds it
// between two characters that are not letters, digits or '_' (or at an end):
// 'p:1' is in 'p:1|p:2' but not in 'p:10'. The `neighbours` of the runs'
// community profiles hold only community numbers and are not searched.
//
// Parameters:
//   $terms: the terms: text (lower case) and pattern (a Java regular expression of the bounded text). Example: [{"text": "ana@example.org", "pattern": "(?s).*(?<![\\p{L}\\p{N}_])ana@example\\.org(?![\\p{L}\\p{N}_]).*"}]
//   $limit: most hits to return. Example: 100
//
// Returns: one row: nodes (nodes searched), texts (texts searched), hits (a list of maps: element, labels, id (the node's id or key), property, text, terms).
// Mode: read
CALL () {
  MATCH (n)
  RETURN count(n) AS nodes
}
CALL () {
  MATCH (n)
  UNWIND keys(n) AS property
  WITH n, property, n[property] AS value
  WHERE NOT (n:NetnpRunChunk AND n.part = 'communities' AND property = 'neighbours')
  WITH n, property,
       CASE WHEN value IS :: STRING THEN [value]
            WHEN value IS :: LIST<STRING NOT NULL> THEN value
            ELSE [] END AS texts
  UNWIND texts AS text
  WITH n, property, text, toLower(text) AS lower
  WITH n, property, text, [t IN $terms WHERE lower CONTAINS t.text AND lower =~ t.pattern | t.text] AS found
  RETURN count(*) AS texts,
         collect(CASE WHEN size(found) > 0
                      THEN {element: elementId(n), labels: labels(n), id: coalesce(n.id, n.key), property: property,
                            text: text, terms: found} END)[..$limit] AS hits
}
RETURN nodes, texts, hits
