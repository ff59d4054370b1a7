// The recorded run whose id or label is $text; the run with that id first.
//
// Parameters:
//   $text: a run's id or label. Example: "2025-Q4"
//
// Returns: at most two rows: record (the NetnpRun's properties).
// Mode: read
MATCH (r:NetnpRun)
WHERE r.id = $text OR r.label = $text
RETURN properties(r) AS record
ORDER BY r.id = $text DESC
