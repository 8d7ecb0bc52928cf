// Graph content, for fingerprints
// Every node (but graphcli's own metadata) and every relationship with its properties, the
// relationships named by their end nodes' keys. graphcli.loaders.fingerprint hashes this to tell
// whether two loads produced the same graph; small and test graphs only (it returns everything).
// Parameters: none.
MATCH (n)
WHERE NOT n:GraphcliMeta
RETURN 'node' AS kind, labels(n) AS labels, properties(n) AS props, null AS start, null AS end
UNION ALL
MATCH (a)-[r]->(b)
RETURN 'relationship' AS kind, [type(r)] AS labels, properties(r) AS props,
       coalesce(a.uid, a.id, a.sha256) AS start, coalesce(b.uid, b.id, b.sha256) AS end
