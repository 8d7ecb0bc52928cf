// Benchmark input: likes between nodes given by element id (parallel lists: a[k] -LIKED-> p[k])
// Parameters:
//   :param a => ['4:...:0', '4:...:0']
//   :param p => ['4:...:7', '4:...:8']
UNWIND range(0, size($a) - 1) AS k
MATCH (a) WHERE elementId(a) = $a[k]
MATCH (p) WHERE elementId(p) = $p[k]
CREATE (a)-[:LIKED]->(p)
