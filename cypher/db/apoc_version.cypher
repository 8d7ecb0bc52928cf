// APOC version
// The APOC core plugin's version; fails when APOC is absent.
// Parameters: none.
RETURN apoc.version() AS version
