// Record the schema version
// Stores which version of graphcli's schema this database has.
// Parameters:
//   :param version => 1
MERGE (m:GraphcliMeta {key: 'schema'})
SET m.version = $version, m.updated_at = datetime()
