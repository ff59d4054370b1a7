// Searches every text property (texts and lists of texts) of every
// relationship of the database for some terms, as person/scan_nodes does for
// the nodes.
//
// Parameters:
//   $terms: the terms: text (lower case) and pattern (a Java regular expression of the bounded text). Example: [{"text": "ana@example.org", "pattern": "(?s).*(?<![\\p{L}\\p{N}_])ana@example\\.org(?![\\p{L}\\p{N}_]).*"}]
//   $limit: most hits to return. Example: 100
//
// Returns: one row: ties (relationships searched), texts (texts searched), hits (a list of maps: element, type, source, target (the ids of its ends), property, text, terms).
// Mode: read
CALL () {
  MATCH ()-[r]->()
  RETURN count(r) AS ties
}
CALL () {
  MATCH ()-[r]->()
  UNWIND keys(r) AS property
  WITH r, property, r[property] AS value
  WITH r, property,
       CASE WHEN value IS :: STRING THEN [value]
            WHEN value IS :: LIST<STRING NOT NULL> THEN value
            ELSE [] END AS texts
  UNWIND texts AS text
  WITH r, property, text, toLower(text) AS lower
  WITH r, property, text, [t IN $terms WHERE lower CONTAINS t.text AND lower =~ t.pattern | t.text] AS found
  RETURN count(*) AS texts,
         collect(CASE WHEN size(found) > 0
                      THEN {element: elementId(r), type: type(r), source: startNode(r).id, target: endNode(r).id,
                            property: property, text: text, terms: found} END)[..$limit] AS hits
}
RETURN ties, texts, hits
