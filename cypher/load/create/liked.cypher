// Fresh load: new likes
// The likes pass (load/pass/liked) for likes a load into an empty database knows to be new: CREATE
// with first/last seen, the source and via_name (absent when null), as the MERGE pass's ON CREATE sets them.
// Parameters:
//   :param liked => [{account_uid: 'twitter:1', post_uid: 'twitter:9', first_seen: '2022-10-01T12:00:00+00:00', last_seen: '2022-10-01T12:00:00+00:00', source: 'pull', via_name: null}]
UNWIND $liked AS r
MATCH (a:Account {uid: r.account_uid}) USING INDEX a:Account(uid)
MATCH (p:Post {uid: r.post_uid}) USING INDEX p:Post(uid)
CREATE (a)-[:LIKED {first_seen: datetime(r.first_seen), last_seen: datetime(r.last_seen), source: r.source,
                     via_name: r.via_name}]->(p)
