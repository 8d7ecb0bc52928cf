// Fresh load: new retweets
// The retweets pass (load/pass/retweeted) for retweets a load into an empty database knows to be new.
// Parameters:
//   :param retweeted => [{account_uid: 'twitter:1', post_uid: 'twitter:9', first_seen: '2022-10-01T12:00:00+00:00', last_seen: '2022-10-01T12:00:00+00:00', source: 'twarc', at: '2022-10-01T11:59:00+00:00'}]
UNWIND $retweeted AS r
MATCH (a:Account {uid: r.account_uid}) USING INDEX a:Account(uid)
MATCH (p:Post {uid: r.post_uid}) USING INDEX p:Post(uid)
CREATE (a)-[:RETWEETED {first_seen: datetime(r.first_seen), last_seen: datetime(r.last_seen), source: r.source,
                        at: datetime(r.at), via_name: r.via_name}]->(p)
