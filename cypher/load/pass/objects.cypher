// Load pass: shared objects
// Merges the shared objects (links, domains, message hashes, ...) of one batch on their uid; the
// original text is kept only when a record carried it (--keep-text) and never overwritten.
// Parameters:
//   :param objects => [{uid: 'domain:example.org', kind: 'domain', key: 'example.org', text: null}]
UNWIND $objects AS r
MERGE (o:Object {uid: r.uid})
ON CREATE SET o.kind = r.kind, o.key = r.key
SET o.text = coalesce(o.text, r.text)
