// GDS version
// The Graph Data Science plugin's version; fails with ProcedureNotFound when GDS is absent.
// Parameters: none.
RETURN gds.version() AS version
