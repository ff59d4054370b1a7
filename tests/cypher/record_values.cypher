// Creates two people and a tie, and returns values of every kind the driver gives: plain lists and maps, nested, and nodes, relationships, paths and dates among them.
//
// Parameters: none
//
// Returns: two rows: name, value ("plain": nested lists and maps of numbers, text, booleans and nulls;
// "graph": a node, a relationship, a path and dates, alone and nested).
// Mode: write
CREATE p = (a:Person {id: 'p:1', name: 'Ann'})-[r:KNOWS {weight: 2.0}]->(b:Person {id: 'p:2'})
WITH a, r, b, p
UNWIND ['plain', 'graph'] AS name
RETURN name,
       CASE name
         WHEN 'plain' THEN [[0, 1.5, 'a', true, null], [['b', [2, 3]], {k: [4, {m: 'x'}]}], {}, [], [[]]]
         ELSE [a, r, p, {node: b, when: date('2024-05-01'), at: [datetime('2024-05-01T10:00:00Z')]}]
       END AS value
