// Load pass: name-only likes and retweets follow their screen name
// Last pass of a batch. Likes and retweets that named their account by screen name only (via_name)
// go to the id-keyed account with the lowest uid wearing that name. When a lower uid starts wearing it
// (its file loaded later), or the account they went to stops wearing it, the loader's name resolver
// (graphcli.loaders.resolve) lists the move here: they are moved from the old account to the new one,
// merged with any the new one already has (first/last seen widen), so the load order does not decide
// where they land. Relationships without via_name (named by id) never move.
// Parameters:
//   :param retargets => [{name: 'ann', from_uid: 'twitter:9', to_uid: 'twitter:10'}]
UNWIND $retargets AS t
MATCH (old:Account {uid: t.from_uid}) USING INDEX old:Account(uid)
MATCH (new:Account {uid: t.to_uid}) USING INDEX new:Account(uid)
CALL (old, new, t) {
  MATCH (old)-[r:LIKED]->(x)
  WHERE r.via_name = t.name
  MERGE (new)-[e:LIKED]->(x)
  ON CREATE SET e = properties(r)
  ON MATCH SET
    e.first_seen = CASE WHEN r.first_seen < e.first_seen OR e.first_seen IS NULL THEN r.first_seen ELSE e.first_seen END,
    e.last_seen = CASE WHEN r.last_seen > e.last_seen OR e.last_seen IS NULL THEN r.last_seen ELSE e.last_seen END
  DELETE r
}
CALL (old, new, t) {
  MATCH (old)-[r:RETWEETED]->(x)
  WHERE r.via_name = t.name
  MERGE (new)-[e:RETWEETED]->(x)
  ON CREATE SET e = properties(r)
  ON MATCH SET
    e.first_seen = CASE WHEN r.first_seen < e.first_seen OR e.first_seen IS NULL THEN r.first_seen ELSE e.first_seen END,
    e.last_seen = CASE WHEN r.last_seen > e.last_seen OR e.last_seen IS NULL THEN r.last_seen ELSE e.last_seen END,
    e.at = coalesce(e.at, r.at)
  DELETE r
}
