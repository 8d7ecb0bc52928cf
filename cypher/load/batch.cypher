// Load one batch of records
// Writes one batch of canonical records in ONE transaction: accounts, posts and shared objects, then
// POSTED, LIKED, RETWEETED, SHARED, bot scores and status checks; last, each placeholder account
// ("<platform>:@<lower name>") named in $handles is folded onto the id-keyed account wearing that
// screen name (relationships moved, placeholder deleted). The loader's name resolver
// (graphcli.loaders.resolve) lists a placeholder there only once, when its name first gets an id. Idempotent: MERGE on constrained keys, first/last seen
// widen, the latest post counts (by observed_at) and the latest status (by checked_at) win.
// The parameter lists are built by graphcli.loaders.batch; property maps hold no nulls. Times come
// as ISO-8601 strings in UTC and are stored as datetimes (datetime() of a datetime is itself).
// Parameters (example: @ann liked post 9, then a look-up gives @Ann's id 1):
//   :param accounts => [{uid: 'twitter:@ann', props: {platform: 'twitter', screen_name: 'ann', screen_name_lower: 'ann'}}, {uid: 'twitter:1', props: {platform: 'twitter', id: '1', screen_name: 'Ann', screen_name_lower: 'ann'}}]
//   :param posts => [{uid: 'twitter:9', props: {platform: 'twitter', id: '9', lang: 'da'}, counts: {like_count: 3}, observed_at: '2022-10-01T12:00:00+00:00'}]
//   :param objects => []
//   :param posted => []
//   :param liked => [{account_uid: 'twitter:@ann', post_uid: 'twitter:9', first_seen: '2022-10-01T12:00:00+00:00', last_seen: '2022-10-01T12:00:00+00:00', source: 'pull'}]
//   :param retweeted => []
//   :param shared => []
//   :param scores => []
//   :param statuses => []
//   :param handles => [{placeholder_uid: 'twitter:@ann', platform: 'twitter', screen_name_lower: 'ann'}]
CALL () {
  UNWIND $accounts AS r
  MERGE (a:Account {uid: r.uid})
  SET a += r.props
  SET a.created_at = datetime(a.created_at)
}
CALL () {
  UNWIND $posts AS r
  MERGE (p:Post {uid: r.uid})
  SET p += r.props
  SET p.created_at = datetime(p.created_at)
  WITH p, r, datetime(r.observed_at) AS observed
  WHERE p.observed_at IS NULL OR observed >= p.observed_at
  SET p += r.counts, p.observed_at = coalesce(observed, p.observed_at)
}
CALL () {
  UNWIND $objects AS r
  MERGE (o:Object {uid: r.uid})
  ON CREATE SET o.kind = r.kind, o.key = r.key
  SET o.text = coalesce(o.text, r.text)
}
CALL () {
  UNWIND $posted AS r
  MATCH (a:Account {uid: r.account_uid})
  MATCH (p:Post {uid: r.post_uid})
  MERGE (a)-[:POSTED]->(p)
}
CALL () {
  UNWIND $liked AS r
  MATCH (a:Account {uid: r.account_uid})
  MATCH (p:Post {uid: r.post_uid})
  WITH a, p, r, datetime(r.first_seen) AS first, datetime(r.last_seen) AS last
  MERGE (a)-[e:LIKED]->(p)
  ON CREATE SET e.first_seen = first, e.last_seen = last, e.source = r.source
  ON MATCH SET
    e.first_seen = CASE WHEN first < e.first_seen OR e.first_seen IS NULL THEN first ELSE e.first_seen END,
    e.last_seen = CASE WHEN last > e.last_seen OR e.last_seen IS NULL THEN last ELSE e.last_seen END
}
CALL () {
  UNWIND $retweeted AS r
  MATCH (a:Account {uid: r.account_uid})
  MATCH (p:Post {uid: r.post_uid})
  WITH a, p, r, datetime(r.first_seen) AS first, datetime(r.last_seen) AS last
  MERGE (a)-[e:RETWEETED]->(p)
  ON CREATE SET e.first_seen = first, e.last_seen = last, e.source = r.source, e.at = datetime(r.at)
  ON MATCH SET
    e.first_seen = CASE WHEN first < e.first_seen OR e.first_seen IS NULL THEN first ELSE e.first_seen END,
    e.last_seen = CASE WHEN last > e.last_seen OR e.last_seen IS NULL THEN last ELSE e.last_seen END,
    e.at = coalesce(e.at, datetime(r.at))
}
CALL () {
  UNWIND $shared AS r
  MATCH (a:Account {uid: r.account_uid})
  MATCH (o:Object {uid: r.object_uid})
  MERGE (a)-[s:SHARED {post_id: r.post_id}]->(o)
  ON CREATE SET s.at = datetime(r.at), s.kind = r.kind
}
CALL () {
  UNWIND $scores AS r
  MATCH (a:Account {uid: r.account_uid})
  MERGE (b:BotScore {uid: r.uid})
  ON CREATE SET b += r.props, b.scored_at = datetime(r.props.scored_at)
  MERGE (a)-[:SCORED]->(b)
}
CALL () {
  UNWIND $statuses AS r
  MATCH (a:Account {uid: r.account_uid})
  MERGE (s:StatusCheck {uid: r.uid})
  ON CREATE SET s += r.props, s.checked_at = datetime(r.props.checked_at)
  MERGE (a)-[:HAD_STATUS]->(s)
}
CALL () {
  // The latest check (by checked_at) is copied onto the account.
  UNWIND $statuses AS r
  WITH DISTINCT r.account_uid AS uid
  MATCH (a:Account {uid: uid})
  CALL (a) {
    MATCH (a)-[:HAD_STATUS]->(s)
    WITH s ORDER BY s.checked_at IS NULL, s.checked_at DESC, s.uid LIMIT 1
    SET a.status = s.status, a.status_checked_at = s.checked_at,
        a.status_error_title = s.error_title, a.status_error_detail = s.error_detail
  }
}
CALL () {
  UNWIND $handles AS h
  MATCH (p:Account {uid: h.placeholder_uid})
  MATCH (known:Account {screen_name_lower: h.screen_name_lower, platform: h.platform})
  WHERE known.id IS NOT NULL
  // Two ids may have worn the same screen name over time: take one, deterministically.
  WITH p, min(known.uid) AS target_uid
  MATCH (a:Account {uid: target_uid})
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
}
