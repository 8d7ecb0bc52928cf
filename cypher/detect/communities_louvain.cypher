// Co-sharing: Louvain communities on a projected coordination graph (GDS)
// Weighted by the number of co-shared objects; one thread, so results repeat.
// Parameters:
//   :param graph_name => 'graphcli-cosharing-3f2a9c0d1e2b4a5c'
CALL gds.louvain.stream($graph_name, {relationshipWeightProperty: 'weight', concurrency: 1})
YIELD nodeId, communityId
RETURN gds.util.asNode(nodeId).uid AS account, communityId AS community
