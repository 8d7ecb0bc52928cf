// Server components
// Kind: question
// What Neo4j kernel, version and edition this server runs.
// Parameters: none.
CALL dbms.components() YIELD name, versions, edition
RETURN name, versions, edition
