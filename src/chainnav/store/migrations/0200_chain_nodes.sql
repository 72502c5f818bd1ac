-- Chains, version 2: node descriptions, and a view that rolls each node's patents up to its ancestors.

ALTER TABLE chain_node ADD COLUMN IF NOT EXISTS description_zh VARCHAR;
ALTER TABLE chain_node ADD COLUMN IF NOT EXISTS description_en VARCHAR;

-- patent_node holds direct assignments only. patent_node_tree adds, for every node, the patents of
-- its descendants (one row per chain, node, patent), which is what a node's total means in a
-- chain map: a patent on "flight controller" also counts for its parent "avionics".
CREATE OR REPLACE VIEW patent_node_tree AS
WITH RECURSIVE ancestry(chain_id, node_id, ancestor_id) AS (
    SELECT chain_id, node_id, node_id FROM chain_node
    UNION ALL
    SELECT a.chain_id, a.node_id, n.parent_id
    FROM ancestry a
    JOIN chain_node n ON n.chain_id = a.chain_id AND n.node_id = a.ancestor_id
    WHERE n.parent_id IS NOT NULL
)
SELECT DISTINCT a.chain_id, a.ancestor_id AS node_id, p.patent_id
FROM patent_node p
JOIN ancestry a ON a.chain_id = p.chain_id AND a.node_id = p.node_id;
