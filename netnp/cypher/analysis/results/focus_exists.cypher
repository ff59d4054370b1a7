// Whether the focal node exists, and whether it was in the analysis scope.
//
// Parameters:
//   $focus: id of the focal node. Example: "org:asso"
//
// Returns: at most one row: id, analysed.
// Mode: read
MATCH (f:Entity {id: $focus})
RETURN f.id AS id, f:NetnpAnalysed AS analysed
