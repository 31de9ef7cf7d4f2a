"""Average-link clustering of same-event probabilities, in blocks, without an N x N matrix.

Average link never joins two clusters unless some pair across them is at least `threshold`
probable, so the connected components of the sparse "probability >= threshold" graph can be
clustered separately and exactly; only those components get a dense matrix. The sparse graph
comes from the stacked feature rows (`features.stacked`) in row blocks, so time and memory grow
with the number of related pairs, not with N squared.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from digest.group.features import EXTRAS, Features, Model, extra_logit, sigmoid

if TYPE_CHECKING:
    import numpy as np
    from scipy.sparse import csr_matrix

MAX_BLOCK = 2000  # largest component clustered with a dense matrix
ROW_BLOCK = 2000  # rows per sparse product block


def similar_pairs(x: csr_matrix, features: Features, model: Model) -> csr_matrix:
    """Sparse upper-triangle matrix of the pair probabilities >= the model's threshold.

    A pair's weighted cosines must reach the threshold's logit less the most the bias and extra
    features can add: pairs below that are never looked at.
    """
    import numpy as np
    from scipy.sparse import coo_matrix

    floor = model.logit_floor()
    most_extra = model.bias + sum(max(model.weights.get(name, 0.0), 0.0) for name in EXTRAS)
    need = max(floor - most_extra, 1e-9)
    rows, cols, vals = [], [], []
    xt = x.T.tocsc()
    for start in range(0, x.shape[0], ROW_BLOCK):
        # Only the columns from the block's first row on: the pairs below it were scored as (j, i).
        block = (x[start:start + ROW_BLOCK] @ xt[:, start:]).tocoo()
        r, c, v = block.row + start, block.col + start, block.data
        keep = (c > r) & (v >= need)
        r, c, v = r[keep], c[keep], v[keep]
        logit = v + extra_logit(features, model, r, c)
        keep = logit >= floor
        rows.append(r[keep])
        cols.append(c[keep])
        vals.append(sigmoid(logit[keep]).astype(np.float32))
    n = x.shape[0]
    r = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
    c = np.concatenate(cols) if cols else np.zeros(0, dtype=np.int64)
    v = np.concatenate(vals) if vals else np.zeros(0, dtype=np.float32)
    return coo_matrix((v, (r, c)), shape=(n, n)).tocsr()


def components(pairs: csr_matrix, members: np.ndarray, cutoff: float) -> list[np.ndarray]:
    """Connected components of the pairs >= cutoff among members, each at most MAX_BLOCK big.

    A component larger than that (a chain of loosely related articles) is split at a higher
    cutoff (halving the distance to 1 each time): its clusters are then exact within each part.
    Near-copies can be one event at any cutoff; past 1 - 1e-6 such a part is cut in pieces.
    """
    import numpy as np
    from scipy.sparse.csgraph import connected_components

    sub = pairs[members][:, members]
    sub.data[sub.data < cutoff] = 0
    sub.eliminate_zeros()
    _, labels = connected_components(sub, directed=False)
    out: list[np.ndarray] = []
    for label in np.unique(labels):
        part = members[labels == label]
        if len(part) <= MAX_BLOCK:
            out.append(part)
        elif cutoff < 1 - 1e-6:
            out.extend(components(pairs, part, 1 - (1 - cutoff) / 2))
        else:
            out.extend(np.array_split(part, -(-len(part) // MAX_BLOCK)))
    return out


def probabilities(x: csr_matrix, features: Features, model: Model, members: np.ndarray) -> np.ndarray:
    """Dense same-event probabilities among some articles."""
    sub = x[members]
    logit = (sub @ sub.T).toarray().astype("float64")
    logit += extra_logit(features, model, members[:, None], members[None, :])
    return sigmoid(logit)


def cluster_block(x: csr_matrix, features: Features, model: Model, members: np.ndarray,
                  threshold: float) -> list[np.ndarray]:
    """Average-link clusters of one component, cut where the average probability < threshold."""
    import numpy as np
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    if len(members) == 1:
        return [members]
    dist = np.clip(1.0 - probabilities(x, features, model, members), 0.0, None)
    np.fill_diagonal(dist, 0.0)
    tree = linkage(squareform(dist, checks=False), method="average")
    labels = fcluster(tree, t=1.0 - threshold + 1e-9, criterion="distance")
    return [members[labels == label] for label in np.unique(labels)]
