// Monitor: a cycle begins
// Parameters:
//   :param cycle => {id: '20221005T120000Z-1a2b3c', inbox: '/data/inbox', watchlist: '/data/watch.csv', window_s: 21600}
CREATE (c:MonitorCycle)
SET c = $cycle, c.started_at = datetime()
RETURN c.id AS id
