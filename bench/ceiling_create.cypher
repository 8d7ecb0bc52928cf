// Server ceiling: CREATE each like with the properties the likes pass sets (no MERGE check)
// Parameters:
//   :param liked => [{account_uid: 'twitter:1', post_uid: 'twitter:9', first_seen: '2022-10-01T12:00:00+00:00', last_seen: '2022-10-01T12:00:00+00:00', source: 'pull'}]
UNWIND $liked AS r
MATCH (a:Account {uid: r.account_uid}) USING INDEX a:Account(uid)
MATCH (p:Post {uid: r.post_uid}) USING INDEX p:Post(uid)
CREATE (a)-[e:BENCH_CEILING]->(p)
SET e.first_seen = datetime(r.first_seen), e.last_seen = datetime(r.last_seen), e.source = r.source
