// The names of the properties the database holds (of nodes and ties), from
// its token store: `netnp identities suggest` picks those that look like an
// e-mail address, a phone number, a handle or a web address, and reads only
// these from each person and organisation (identities/candidates).
//
// Parameters: none
//
// Returns: one row per property name: key.
// Mode: read
CALL db.propertyKeys() YIELD propertyKey
RETURN propertyKey AS key
