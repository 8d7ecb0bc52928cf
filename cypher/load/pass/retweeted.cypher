// Load pass: retweets
// Merges (:Account)-[:RETWEETED]->(:Post); first/last seen only widen, the retweet's own time (at)
// is kept once known; via_name as in load/pass/liked.
// Parameters:
//   :param retweeted => [{account_uid: 'twitter:1', post_uid: 'twitter:9', first_seen: '2022-10-01T12:00:00+00:00', last_seen: '2022-10-01T12:00:00+00:00', source: 'twarc', at: '2022-10-01T11:59:00+00:00'}]
UNWIND $retweeted AS r
MATCH (a:Account {uid: r.account_uid}) USING INDEX a:Account(uid)
MATCH (p:Post {uid: r.post_uid}) USING INDEX p:Post(uid)
WITH a, p, r, datetime(r.first_seen) AS first, datetime(r.last_seen) AS last
MERGE (a)-[e:RETWEETED]->(p)
ON CREATE SET e.first_seen = first, e.last_seen = last, e.source = r.source,
  // (not e.via_name = r.via_name: a SET of null on every new relationship measured slower)
  e += CASE WHEN r.via_name IS NULL THEN {} ELSE {via_name: r.via_name} END, e.at = datetime(r.at)
ON MATCH SET
  e.first_seen = CASE WHEN first < e.first_seen OR e.first_seen IS NULL THEN first ELSE e.first_seen END,
  e.last_seen = CASE WHEN last > e.last_seen OR e.last_seen IS NULL THEN last ELSE e.last_seen END,
  e.at = coalesce(e.at, datetime(r.at))
// A reference by id pins it to this account; a write only when there is a via_name to remove.
FOREACH (_ IN CASE WHEN r.via_name IS NULL AND e.via_name IS NOT NULL THEN [1] ELSE [] END | REMOVE e.via_name)
