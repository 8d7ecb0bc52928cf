// Co-sharing: Leiden communities on a projected coordination graph (GDS)
// Weighted by the number of co-shared objects; fixed seed and one thread, so results repeat.
// Parameters:
//   :param graph_name => 'graphcli-cosharing-3f2a9c0d1e2b4a5c'
CALL gds.leiden.stream($graph_name, {relationshipWeightProperty: 'weight', randomSeed: 42, concurrency: 1})
YIELD nodeId, communityId
RETURN gds.util.asNode(nodeId).uid AS account, communityId AS community
