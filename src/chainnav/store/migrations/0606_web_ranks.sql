-- Web platform, version 7: precomputed list positions, so a node page's lists and top players are
-- read as ranges of ranks instead of sorting the node's members or players per request. Rebuilt
-- with the other summaries (chainnav.web.summary).

-- Position of a member in its node's patent list (filing date, newest first, then publication
-- number) and in the high-value order (forward citations, family size, publication number).
ALTER TABLE web_member ADD COLUMN IF NOT EXISTS newest_rank BIGINT;
ALTER TABLE web_member ADD COLUMN IF NOT EXISTS value_rank BIGINT;

-- Position of a player within its (chain, node, kind) by patents, then key.
ALTER TABLE web_node_player ADD COLUMN IF NOT EXISTS rank BIGINT;
