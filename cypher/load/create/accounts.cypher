// Fresh load: new accounts
// The accounts pass (load/pass/accounts) for accounts a load into an empty database knows to be new:
// CREATE instead of MERGE (the uid constraint still refuses a duplicate). Used by the Bolt writer's
// fresh-database path (graphcli.loaders.writer.FreshGraph); the graph is the same as the MERGE pass's.
// Parameters:
//   :param accounts => [{uid: 'twitter:1', props: {platform: 'twitter', id: '1', screen_name: 'Ann', screen_name_lower: 'ann', created_at: '2020-01-01T00:00:00+00:00'}}]
UNWIND $accounts AS r
CREATE (a:Account)
SET a = r.props, a.uid = r.uid, a.created_at = datetime(r.props.created_at)
