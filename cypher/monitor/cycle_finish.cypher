// Monitor: a cycle ends
// Records what the cycle did. A cycle without finished_at was interrupted.
// Parameters:
//   :param id => '20221005T120000Z-1a2b3c'
//   :param facts => {files: ['/data/inbox/link.csv'], detected: ['link'], alerts: 3, new_accounts: 12, window_start: datetime('2022-10-05T06:00:00Z'), window_end: datetime('2022-10-05T12:00:00Z')}
MATCH (c:MonitorCycle {id: $id})
SET c += $facts, c.finished_at = datetime()
RETURN c.id AS id
