// Co-sharing: weakly connected components of a projected coordination graph (GDS)
// Parameters:
//   :param graph_name => 'graphcli-cosharing-3f2a9c0d1e2b4a5c'
CALL gds.wcc.stream($graph_name, {concurrency: 1})
YIELD nodeId, componentId
RETURN gds.util.asNode(nodeId).uid AS account, componentId AS component
