// How many analysed nodes carry each role label, and how many are both Periphery and Bridge (the bridging periphery).
//
// Parameters: none
//
// Returns: one row: hub, core, periphery, bridge, bridging_periphery.
// Mode: read
MATCH (n:NetnpAnalysed)
RETURN count(CASE WHEN n:Hub THEN 1 END) AS hub, count(CASE WHEN n:Core THEN 1 END) AS core,
       count(CASE WHEN n:Periphery THEN 1 END) AS periphery, count(CASE WHEN n:Bridge THEN 1 END) AS bridge,
       count(CASE WHEN n:Periphery AND n:Bridge THEN 1 END) AS bridging_periphery
