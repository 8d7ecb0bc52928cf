// Alerts seen before
// Every alert graphcli has exported: id, engagement (the monitored history the red flags compare against),
// when it was first exported and when (if ever) it was sent to the webhook.
// Parameters: none.
MATCH (al:Alert)
RETURN al.id AS id, al.engagement AS engagement, al.first_exported_at.epochMillis AS first_exported_at,
       al.sent_at.epochMillis AS sent_at
ORDER BY id
