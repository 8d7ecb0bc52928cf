// Any data at all?
// One node that is not graphcli's own metadata, if the database has one (used before a bulk import).
// Parameters: none.
MATCH (n)
WHERE NOT n:GraphcliMeta
RETURN elementId(n) AS id
LIMIT 1
