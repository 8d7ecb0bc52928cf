// Load pass: likes
// Merges (:Account)-[:LIKED]->(:Post); first/last seen only widen, the source is the first one seen.
// Likes carry no true timestamp: first_seen/last_seen are when a scrape observed them. A like that
// named its account by screen name only keeps that name in via_name (load/pass/retargets moves it to
// the lowest uid wearing the name); a reference by id pins it to its account (via_name removed).
// Parameters:
//   :param liked => [{account_uid: 'twitter:1', post_uid: 'twitter:9', first_seen: '2022-10-01T12:00:00+00:00', last_seen: '2022-10-01T12:00:00+00:00', source: 'pull', via_name: 'ann'}]
UNWIND $liked AS r
MATCH (a:Account {uid: r.account_uid}) USING INDEX a:Account(uid)
MATCH (p:Post {uid: r.post_uid}) USING INDEX p:Post(uid)
WITH a, p, r, datetime(r.first_seen) AS first, datetime(r.last_seen) AS last
MERGE (a)-[e:LIKED]->(p)
ON CREATE SET e.first_seen = first, e.last_seen = last, e.source = r.source,
  // (not e.via_name = r.via_name: a SET of null on every new relationship measured slower)
  e += CASE WHEN r.via_name IS NULL THEN {} ELSE {via_name: r.via_name} END
ON MATCH SET
  e.first_seen = CASE WHEN first < e.first_seen OR e.first_seen IS NULL THEN first ELSE e.first_seen END,
  e.last_seen = CASE WHEN last > e.last_seen OR e.last_seen IS NULL THEN last ELSE e.last_seen END
// A reference by id pins it to this account; a write only when there is a via_name to remove.
FOREACH (_ IN CASE WHEN r.via_name IS NULL AND e.via_name IS NOT NULL THEN [1] ELSE [] END | REMOVE e.via_name)
