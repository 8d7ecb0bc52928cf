// Monitor: coordination already reported
// The (kind, object) of every alert a monitor cycle has reported as new coordination.
// Parameters: none.
MATCH (al:Alert)
WHERE al.monitored_at IS NOT NULL
RETURN DISTINCT al.kind AS kind, al.object_uid AS object_uid
