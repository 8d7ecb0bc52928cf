// Monitor: which of these files were loaded already
// The content hashes (SHA-256) among $hashes that a finished load run read. A file whose load was cut
// short (its LoadRun has no finished_at) does not count, so a restarted monitor loads it again.
// Parameters:
//   :param hashes => ['e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855']
MATCH (r:LoadRun)-[:READ]->(sf:SourceFile)
WHERE sf.sha256 IN $hashes AND r.finished_at IS NOT NULL
RETURN DISTINCT sf.sha256 AS sha256
