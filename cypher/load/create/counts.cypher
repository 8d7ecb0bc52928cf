// Fresh load: new count observations
// The count observations pass (load/pass/counts) for observations a load into an empty database knows
// to be new.
// Parameters:
//   :param counts => [{uid: '7c1d...', post_uid: 'twitter:9', props: {source: 'later look-up', observed_at: '2023-01-31T09:00:00+00:00', like_count: 7}}]
UNWIND $counts AS r
MATCH (p:Post {uid: r.post_uid}) USING INDEX p:Post(uid)
CREATE (p)-[:HAD_COUNTS]->(c:CountObservation)
SET c = r.props, c.uid = r.uid, c.observed_at = datetime(r.props.observed_at)
