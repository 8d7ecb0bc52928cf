// Monitor: mark alerts as reported
// Sets monitored_at (first time only) and the cycle on alerts a monitor cycle reported as new coordination.
// Parameters:
//   :param ids => ['0123456789abcdef']
//   :param cycle_id => '20221005T120000Z-1a2b3c'
UNWIND $ids AS id
MATCH (al:Alert {id: id})
WHERE al.monitored_at IS NULL
SET al.monitored_at = datetime(), al.monitor_cycle = $cycle_id
RETURN count(al) AS marked
