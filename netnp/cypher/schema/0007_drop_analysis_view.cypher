// Schema 7: deletes the NETNP_TIE and NETNP_ARC relationships that analyses of netnp before schema 7 wrote.
// Analyses now read the user's ties directly and write no relationship.
//
// Parameters: none
//
// Returns: nothing.
// Mode: write
MATCH ()-[r:NETNP_TIE|NETNP_ARC]->()
CALL (r) {
  DELETE r
} IN TRANSACTIONS OF 10000 ROWS
