// Monitor: remember what a detection ran over
// Written at the end of a cycle, after the alerts and the watch list, so a cycle killed before then
// detects again on restart.
// Parameters:
//   :param rows => [{name: 'link', items: 120, newest: 1664942283000, run_id: 'cosharing-ab12'}]
//   :param cycle_id => '20221005T120000Z-1a2b3c'
UNWIND $rows AS row
MERGE (m:MonitorMark {name: row.name})
SET m.items = row.items, m.newest = row.newest, m.run_id = row.run_id, m.cycle_id = $cycle_id,
    m.updated_at = datetime()
RETURN count(m) AS marked
