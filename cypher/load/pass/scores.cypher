// Load pass: bot scores
// Merges each (:BotScore) on its uid (a hash of who was scored, by which version, when) and links it
// to its account.
// Parameters:
//   :param scores => [{uid: '5f2c...', account_uid: 'twitter:1', props: {version: 'v4', scored_at: '2022-10-02T00:00:00+00:00', raw_english_overall: 0.9}}]
UNWIND $scores AS r
MATCH (a:Account {uid: r.account_uid}) USING INDEX a:Account(uid)
MERGE (b:BotScore {uid: r.uid})
ON CREATE SET b += r.props, b.scored_at = datetime(r.props.scored_at)
MERGE (a)-[:SCORED]->(b)
