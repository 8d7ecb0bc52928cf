// Near-identical neighbourhoods: Jaccard links between distinct sets and their components (GDS)
// Node similarity (Jaccard >= the threshold, at most top_k links per set) is added to the projection as
// SIMILAR relationships, then weakly connected components over SIMILAR give the groups.
// Parameters:
//   :param graph_name => 'graphcli-bins-3f2a9c0d1e2b4a5c'
//   :param threshold => 0.8
//   :param top_k => 1000
CALL gds.nodeSimilarity.mutate($graph_name, {similarityCutoff: $threshold, topK: $top_k,
  mutateRelationshipType: 'SIMILAR', mutateProperty: 'jaccard', concurrency: 1})
YIELD relationshipsWritten
RETURN relationshipsWritten AS links;
CALL gds.wcc.stream($graph_name, {nodeLabels: ['Account'], relationshipTypes: ['SIMILAR'], concurrency: 1})
YIELD nodeId, componentId
RETURN gds.util.asNode(nodeId).uid AS representative, componentId AS component
