// Mark an alert as sent
// Records that the webhook accepted this alert, so it is never posted twice.
// Parameters: id.
// :param id => 'abc'
MERGE (al:Alert {id: $id})
ON CREATE SET al.first_exported_at = datetime()
SET al.sent_at = datetime()
RETURN al.id AS id
