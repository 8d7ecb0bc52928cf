// Load pass: fold placeholders onto their ids
// Last pass of a batch: each placeholder account ("<platform>:@<lower name>") named in $handles is folded
// onto the id-keyed account wearing that screen name (the lowest uid when several ids wore it):
// its relationships are moved (merged with any the account already has: first/last seen widen) and
// the placeholder is deleted. The loader's name resolver (graphcli.loaders.resolve) lists a
// placeholder only once, when its name first gets an id. Returns the accounts folded onto (a load into
// an empty database then stops taking their relationships for new).
// Parameters:
//   :param handles => [{placeholder_uid: 'twitter:@ann', platform: 'twitter', screen_name_lower: 'ann'}]
UNWIND $handles AS h
MATCH (p:Account {uid: h.placeholder_uid}) USING INDEX p:Account(uid)
MATCH (known:Account {screen_name_lower: h.screen_name_lower, platform: h.platform}) USING INDEX known:Account(screen_name_lower)
WHERE known.id IS NOT NULL
// Two ids may have worn the same screen name over time: take one, deterministically.
WITH p, min(known.uid) AS target_uid
MATCH (a:Account {uid: target_uid}) USING INDEX a:Account(uid)
CALL (p, a) {
  MATCH (p)-[r:POSTED]->(x)
  MERGE (a)-[:POSTED]->(x)
  DELETE r
}
CALL (p, a) {
  MATCH (p)-[r:LIKED]->(x)
  MERGE (a)-[e:LIKED]->(x)
  ON CREATE SET e = properties(r)
  ON MATCH SET
    e.first_seen = CASE WHEN r.first_seen < e.first_seen OR e.first_seen IS NULL THEN r.first_seen ELSE e.first_seen END,
    e.last_seen = CASE WHEN r.last_seen > e.last_seen OR e.last_seen IS NULL THEN r.last_seen ELSE e.last_seen END
  DELETE r
}
CALL (p, a) {
  MATCH (p)-[r:RETWEETED]->(x)
  MERGE (a)-[e:RETWEETED]->(x)
  ON CREATE SET e = properties(r)
  ON MATCH SET
    e.first_seen = CASE WHEN r.first_seen < e.first_seen OR e.first_seen IS NULL THEN r.first_seen ELSE e.first_seen END,
    e.last_seen = CASE WHEN r.last_seen > e.last_seen OR e.last_seen IS NULL THEN r.last_seen ELSE e.last_seen END,
    e.at = coalesce(e.at, r.at)
  DELETE r
}
CALL (p, a) {
  MATCH (p)-[r:SHARED]->(x)
  MERGE (a)-[e:SHARED {post_id: r.post_id}]->(x)
  ON CREATE SET e = properties(r)
  DELETE r
}
CALL (p, a) {
  MATCH (p)-[r:SCORED]->(x)
  MERGE (a)-[:SCORED]->(x)
  DELETE r
}
CALL (p, a) {
  MATCH (p)-[r:HAD_STATUS]->(x)
  MERGE (a)-[:HAD_STATUS]->(x)
  DELETE r
}
CALL (a) {
  MATCH (a)-[:HAD_STATUS]->(s)
  WITH s ORDER BY s.checked_at IS NULL, s.checked_at DESC, s.uid LIMIT 1
  SET a.status = s.status, a.status_checked_at = s.checked_at,
      a.status_error_title = s.error_title, a.status_error_detail = s.error_detail
}
DETACH DELETE p
RETURN a.uid AS target
