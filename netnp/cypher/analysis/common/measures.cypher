// The measures of every analysed node that the role rules read (netnp/analysis/roles.py).
//
// Parameters: none
//
// Returns: one row per node: id, kind, pagerank, coreness, betweenness, participation.
// Mode: read
MATCH (n:NetnpAnalysed)
RETURN n.id AS id, [k IN labels(n) WHERE k IN ['Person', 'Organization', 'WebPage']][0] AS kind,
       n.netnp_pagerank AS pagerank, n.netnp_coreness AS coreness, n.netnp_betweenness AS betweenness,
       n.netnp_participation AS participation
