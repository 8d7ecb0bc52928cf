// Monitor: what each detection last ran over
// Kind: question
// One (:MonitorMark) per co-sharing kind (and 'bins:likes', 'bins:retweets'): the item count and newest
// share time the monitor last detected over, the run it wrote, and when.
// Parameters: none.
MATCH (m:MonitorMark)
RETURN m.name AS name, m.items AS items, m.newest AS newest, m.run_id AS run_id, m.cycle_id AS cycle_id
ORDER BY name
