// Record a load run and the files it read
// Provenance: one (:LoadRun) per load (its id is a hash of the format, the files' contents and the
// reader options, so re-running the same load updates the same node) and a (:SourceFile) per file,
// keyed by its SHA-256. Called when a load starts (finished_at absent) and again when it ends.
// Parameters:
//   :param run => {id: 'a1b2c3', source: 'Pull-2022-10-01', format: 'canonical', started_at: datetime('2022-10-01T12:00:00Z'), finished_at: null, read: 0, loaded: 0, rejected: 0, duplicate: 0}
//   :param files => [{sha256: 'e3b0c442...', path: '/data/a.csv', format: 'canonical', size: 0}]
MERGE (r:LoadRun {id: $run.id})
SET r += $run
WITH r
UNWIND $files AS f
MERGE (sf:SourceFile {sha256: f.sha256})
ON CREATE SET sf.path = f.path, sf.format = f.format, sf.size = f.size
MERGE (r)-[:READ]->(sf)
