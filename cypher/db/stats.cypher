// Database statistics
// Kind: question
// Counts nodes per label and relationships per type, from the count store (fast on any size).
// Parameters: none.
CALL db.labels() YIELD label
CALL db.stats.retrieve('GRAPH COUNTS') YIELD data
WITH label, [n IN data.nodes WHERE n.label = label][0].count AS count
RETURN 'node' AS kind, label AS name, coalesce(count, 0) AS count
UNION ALL
CALL db.relationshipTypes() YIELD relationshipType
CALL db.stats.retrieve('GRAPH COUNTS') YIELD data
WITH relationshipType, [r IN data.relationships WHERE r.relationshipType = relationshipType AND r.startLabel IS NULL AND r.endLabel IS NULL][0].count AS count
RETURN 'relationship' AS kind, relationshipType AS name, coalesce(count, 0) AS count
