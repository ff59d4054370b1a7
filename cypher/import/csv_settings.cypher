// The server's settings that decide whether the importer may hand it batches
// of ties as CSV files (import/create_ties_from_file,
// import/write_ties_from_file): where it reads files from, whether it reads
// file URLs at all, and whether a backslash before a quote escapes it (it must
// not: netnp writes standard CSV, where only a doubled quote is an escape).
//
// Parameters: none
//
// Returns: one row per setting: name, value (text). The settings are
// server.directories.import, dbms.security.allow_csv_import_from_file_urls and
// db.import.csv.legacy_quote_escaping.
// Mode: read
SHOW SETTINGS YIELD name, value
WHERE name IN ['server.directories.import', 'dbms.security.allow_csv_import_from_file_urls',
               'db.import.csv.legacy_quote_escaping']
RETURN name, value
