// Load pass: accounts
// Merges the accounts of one batch on their uid and adds every property the records gave (a pass of
// the Bolt writer, run with the other passes of the batch in one transaction; see graphcli.loaders.writer).
// Nulls never reach it (property maps hold no nulls); created_at comes as an ISO-8601 string in UTC.
// Parameters:
//   :param accounts => [{uid: 'twitter:1', props: {platform: 'twitter', id: '1', screen_name: 'Ann', screen_name_lower: 'ann', created_at: '2020-01-01T00:00:00+00:00'}}]
UNWIND $accounts AS r
MERGE (a:Account {uid: r.uid})
SET a += r.props
SET a.created_at = datetime(a.created_at)
