// Record exported alerts
// Remembers each exported alert (idempotent MERGE on id) with its engagement, for the monitored history.
// Parameters: rows, a list of {id, kind, object_uid, run_id, engagement}.
// :param rows => [{id: 'abc', kind: 'link', object_uid: 'link:https://ex.com/a', run_id: 'run-link', engagement: 10}]
UNWIND $rows AS row
MERGE (al:Alert {id: row.id})
ON CREATE SET al.first_exported_at = datetime()
SET al.kind = row.kind, al.object_uid = row.object_uid, al.run_id = row.run_id, al.engagement = row.engagement
RETURN count(al) AS recorded
