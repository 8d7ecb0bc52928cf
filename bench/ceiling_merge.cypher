// Server ceiling: the likes pass itself (cypher/load/pass/liked.cypher) on a relationship type of its own
// Parameters:
//   :param liked => [{account_uid: 'twitter:1', post_uid: 'twitter:9', first_seen: '2022-10-01T12:00:00+00:00', last_seen: '2022-10-01T12:00:00+00:00', source: 'pull'}]
UNWIND $liked AS r
MATCH (a:Account {uid: r.account_uid}) USING INDEX a:Account(uid)
MATCH (p:Post {uid: r.post_uid}) USING INDEX p:Post(uid)
WITH a, p, r, datetime(r.first_seen) AS first, datetime(r.last_seen) AS last
MERGE (a)-[e:BENCH_CEILING]->(p)
ON CREATE SET e.first_seen = first, e.last_seen = last, e.source = r.source
ON MATCH SET
  e.first_seen = CASE WHEN first < e.first_seen OR e.first_seen IS NULL THEN first ELSE e.first_seen END,
  e.last_seen = CASE WHEN last > e.last_seen OR e.last_seen IS NULL THEN last ELSE e.last_seen END
