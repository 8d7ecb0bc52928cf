// Load pass: screen-name history
// Links each id-keyed account to every screen name it was seen under: (:Account)-[:WAS_NAMED {name,
// first_seen, last_seen}]->(:ScreenName {uid: '<platform>:<lower name>'}). The account keeps one node and
// its latest name; this keeps renames and case changes visible (and which accounts ever wore a name).
// Parameters:
//   :param names => [{account_uid: 'twitter:7', name_uid: 'twitter:dk_user_07', platform: 'twitter', name: 'dk_user_07', name_lower: 'dk_user_07', first_seen: '2023-01-30T09:00:00+00:00', last_seen: '2023-01-30T09:00:00+00:00'}]
UNWIND $names AS r
MATCH (a:Account {uid: r.account_uid}) USING INDEX a:Account(uid)
MERGE (n:ScreenName {uid: r.name_uid})
ON CREATE SET n.platform = r.platform, n.name_lower = r.name_lower
MERGE (a)-[w:WAS_NAMED {name: r.name}]->(n)
WITH w, datetime(r.first_seen) AS first, datetime(r.last_seen) AS last
SET w.first_seen = CASE WHEN w.first_seen IS NULL OR first < w.first_seen THEN first ELSE w.first_seen END,
    w.last_seen = CASE WHEN w.last_seen IS NULL OR last > w.last_seen THEN last ELSE w.last_seen END
