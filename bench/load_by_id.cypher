// Benchmark input: accounts or posts numbered lo..hi-1, returning their element ids in that order
// For a fresh benchmark database only: the ids let the likes below be created without index look-ups.
// Parameters:
//   :param label => 'Account'
//   :param prefix => 'twitter:a'
//   :param lo => 0
//   :param hi => 100000
UNWIND range($lo, $hi - 1) AS i
CALL apoc.create.node([$label], {uid: $prefix + toString(i)}) YIELD node
RETURN collect(elementId(node)) AS ids
