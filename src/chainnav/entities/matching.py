"""Fuzzy key matching with blocking, and connected components over match links (vectorized).

Keys are compared only inside blocks (same first letters of the key, or of its words sorted), so
the work grows with the sum of squared block sizes, never with all pairs of a store's names.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy as np
from rapidfuzz import fuzz, process

from chainnav.entities.names import fuzzy_compatible, initials_compatible, match_key, sorted_key

# token_sort_ratio >= 92 keeps spelling variants ("SURVELLIANCE"/"SURVEILLANCE", a dropped
# initial) and rejects sibling firms ("AT T MOBILITY" / "AT T IP"); measured on the labeled
# drone pairs (docs/entities.md).
FUZZY_CUTOFF = 92
# Keys shorter than this are acronyms (IBM, NEC): one changed letter is another firm.
MIN_FUZZY_LENGTH = 6
BLOCK_PREFIX = 4
# A block bigger than this is split on a longer prefix, so one cdist matrix stays small.
MAX_BLOCK = 1000


def _blocks(keys: Sequence[str], block_of: Sequence[str], prefix: int) -> list[list[int]]:
    groups: dict[str, list[int]] = defaultdict(list)
    for index, text in enumerate(block_of):
        groups[text[:prefix]].append(index)
    out: list[list[int]] = []
    for members in groups.values():
        if len(members) < 2:
            continue
        if len(members) > MAX_BLOCK and prefix < 24:
            sub = _blocks([keys[i] for i in members], [block_of[i] for i in members], prefix + 2)
            out.extend([[members[j] for j in block] for block in sub])
        else:
            out.append(members)
    return out


def fuzzy_pairs(
    keys: Sequence[str], *, cutoff: int = FUZZY_CUTOFF, workers: int = 1
) -> list[tuple[int, int, float]]:
    """Pairs ``(i, j, score)`` of distinct keys (i < j) scoring ``cutoff`` or more.

    >>> fuzzy_pairs(["AVIATION COMM SURVEILLANCE SYS", "AVIATION COMM SURVELLIANCE SYS", "AVIONICS"])
    [(0, 1, 96.7)]
    """
    eligible = [i for i, k in enumerate(keys) if len(k.replace(" ", "")) >= MIN_FUZZY_LENGTH]
    texts = [keys[i] for i in eligible]
    compact = [t.replace(" ", "") for t in texts]
    reordered = [sorted_key(t).replace(" ", "") for t in texts]
    found: dict[tuple[int, int], float] = {}
    for block_of in (compact, reordered):
        for block in _blocks(texts, block_of, BLOCK_PREFIX):
            # Two views of each key: words sorted (reordered names) and spaces removed (a word
            # split in two: HELMHOLTZ ZENTRUM / HELMHOLTZZENTRUM); the better score counts.
            words = [texts[i] for i in block]
            joined = [compact[i] for i in block]
            scores = np.maximum(
                process.cdist(
                    words,
                    words,
                    scorer=fuzz.token_sort_ratio,
                    score_cutoff=cutoff,
                    dtype=np.float32,
                    workers=workers,
                ),
                process.cdist(
                    joined, joined, scorer=fuzz.ratio, score_cutoff=cutoff, dtype=np.float32, workers=workers
                ),
            )
            rows, cols = np.nonzero(np.triu(scores, k=1))
            for r, c in zip(rows.tolist(), cols.tolist(), strict=True):
                a, b = eligible[block[r]], eligible[block[c]]
                pair = (a, b) if a < b else (b, a)
                if pair not in found and fuzzy_compatible(keys[a], keys[b]):
                    found[pair] = round(float(scores[r, c]), 1)
    return sorted((a, b, s) for (a, b), s in found.items())


def connected_components(n: int, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Component label (the smallest member index) of each of ``n`` nodes joined by edges.

    Min-label propagation with pointer jumping: a few numpy passes, no Python loop per edge.

    >>> connected_components(5, np.array([0, 3]), np.array([1, 4])).tolist()
    [0, 0, 2, 3, 3]
    """
    labels = np.arange(n, dtype=np.int64)
    left = np.asarray(left, dtype=np.int64)
    right = np.asarray(right, dtype=np.int64)
    if left.size == 0:
        return labels
    while True:
        low = np.minimum(labels[left], labels[right])
        before = labels.copy()
        np.minimum.at(labels, labels[left], low)
        np.minimum.at(labels, labels[right], low)
        while True:
            jumped = labels[labels]
            if np.array_equal(jumped, labels):
                break
            labels = jumped
        if np.array_equal(labels, before):
            return labels


# A key matching more keys than this is a hub (a short generic name), not a spelling variant.
MAX_PARTNERS = 20
# Past this many names sharing surname and first given name (WANG WEI), initials are no evidence.
MAX_INITIALS_GROUP = 200


def initial_pairs(keys: Sequence[str]) -> list[tuple[int, int, float]]:
    """Pairs of person-like keys where one only adds or spells out initials (see ``initials_compatible``).

    Blocked on the first two words, so only names sharing surname and first given name are compared.

    >>> initial_pairs(["HALL ROBERT", "HALL ROBERT J", "HALL RICHARD", "HALL RICHARD K"])
    [(0, 1, 90.0), (2, 3, 90.0)]
    """
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, key in enumerate(keys):
        words = key.split()
        if 2 <= len(words) <= 5 and all(w.isalpha() for w in words):
            groups[(words[0], words[1])].append(index)
    found = []
    for members in groups.values():
        if len(members) < 2 or len(members) > MAX_INITIALS_GROUP:
            continue
        for x, a in enumerate(members):
            for b in members[x + 1 :]:
                if initials_compatible(keys[a], keys[b]) and fuzzy_compatible(keys[a], keys[b]):
                    found.append((min(a, b), max(a, b), 90.0))
    return sorted(found)


def _ambiguous(keys: Sequence[str], pairs: list[tuple[int, int, float]]) -> set[int]:
    """Keys linked to two keys that conflict (GILER ERIC to GILER ERIC G and GILER ERIC R).

    Such a key could be either holder, so it links to neither; otherwise the short form would
    chain the two conflicting names into one entity.
    """
    partners: dict[int, list[int]] = defaultdict(list)
    for a, b, _ in pairs:
        partners[a].append(b)
        partners[b].append(a)
    return {
        a
        for a, linked in partners.items()
        if len(linked) > MAX_PARTNERS
        or (
            len(linked) > 1
            and any(
                not fuzzy_compatible(keys[p], keys[q]) for i, p in enumerate(linked) for q in linked[i + 1 :]
            )
        )
    }


def name_links(keys: Sequence[str], *, workers: int = 1) -> dict[str, list[tuple[int, int, float]]]:
    """Links between distinct keys by method: ``fuzzy`` (spelling) and ``initials`` (person names).

    >>> name_links(["GILER ERIC", "GILER ERIC G", "GILER ERIC R", "HALL ROBERT", "HALL ROBERT J"])
    {'fuzzy': [(3, 4, 95.2)], 'initials': [(3, 4, 90.0)]}
    """
    links = {"fuzzy": fuzzy_pairs(keys, workers=workers), "initials": initial_pairs(keys)}
    ambiguous = _ambiguous(keys, [p for pairs in links.values() for p in pairs])
    return {
        how: [p for p in pairs if p[0] not in ambiguous and p[1] not in ambiguous]
        for how, pairs in links.items()
    }


def cluster_names(names: Sequence[str], *, kind: str = "applicant") -> np.ndarray:
    """Cluster label per name from the name evidence alone (equal keys, fuzzy, initials).

    This is the applicant resolver without family links and manual decisions; the labeled-pair
    evaluation measures it.

    >>> cluster_names(["AMAZON TECH INC", "Amazon Technologies, Inc.", "AMAZON DATA"]).tolist()
    [0, 0, 2]
    """
    keys = [match_key(n, kind=kind) for n in names]
    unique, key_index = np.unique(np.array(keys, dtype=object), return_inverse=True)
    links = name_links([str(k) for k in unique])
    left = [a for pairs in links.values() for a, _, _ in pairs]
    right = [b for pairs in links.values() for _, b, _ in pairs]
    key_labels = connected_components(
        len(unique), np.array(left, dtype=np.int64), np.array(right, dtype=np.int64)
    )
    first = np.full(len(unique), len(names), dtype=np.int64)
    np.minimum.at(first, key_index, np.arange(len(names)))
    return first[key_labels[key_index]]
