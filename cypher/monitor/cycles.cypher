// Monitor: the cycles so far
// Kind: question
// Every monitor cycle, newest first, with what it loaded, detected and found.
// Parameters: none.
MATCH (c:MonitorCycle)
RETURN c.id AS id, c.started_at AS started_at, c.finished_at AS finished_at, c.files AS files,
       c.detected AS detected, c.alerts AS alerts, c.new_accounts AS new_accounts
ORDER BY c.started_at DESC, c.id DESC
