// Fresh load: new bot scores
// The bot scores pass (load/pass/scores) for scores a load into an empty database knows to be new.
// Parameters:
//   :param scores => [{uid: '5f2c...', account_uid: 'twitter:1', props: {version: 'v4', scored_at: '2022-10-02T00:00:00+00:00', raw_english_overall: 0.9}}]
UNWIND $scores AS r
MATCH (a:Account {uid: r.account_uid}) USING INDEX a:Account(uid)
CREATE (a)-[:SCORED]->(b:BotScore)
SET b = r.props, b.uid = r.uid, b.scored_at = datetime(r.props.scored_at)
