"""For officials: the top problems of the week and month with their trend, and clusters of
similar appeals with the text that represents each best.

The counting and clustering are plain functions over (time, category) pairs and texts;
`insights_for` reads appeals through `core.scope`, so a person sees only their territory.
"""

from collections import Counter
from datetime import timedelta

import numpy as np
from django.utils import timezone
from sklearn.cluster import AgglomerativeClustering

from mahalla.triage import classifier

PERIOD_DAYS = {"week": 7, "month": 30}
MAX_CLUSTERED = 400
# Average cosine distance under which appeals count as one problem.
CLUSTER_DISTANCE = 0.75


def trend(current: int, previous: int) -> str:
    """rising / falling / steady: a change of at least 20 % and at least 2 appeals."""
    if current - previous >= 2 and current >= previous * 1.2:
        return "rising"
    if previous - current >= 2 and current <= previous / 1.2:
        return "falling"
    return "steady"


def top_problems(records, *, now, period: str = "week", limit: int = 5) -> list[dict]:
    """Categories with the most appeals in the period, beside the period before it."""
    days = PERIOD_DAYS[period]
    start, previous_start = now - timedelta(days=days), now - timedelta(days=2 * days)
    current, previous = Counter(), Counter()
    for created_at, category in records:
        if start <= created_at <= now:
            current[category] += 1
        elif previous_start <= created_at < start:
            previous[category] += 1
    rows = [{"category": category, "count": count, "previous": previous[category],
             "trend": trend(count, previous[category])}
            for category, count in current.items()]
    rows.sort(key=lambda r: (-r["count"], r["category"]))
    return rows[:limit]


def cluster_texts(texts: list[str], *, model=None, distance: float = CLUSTER_DISTANCE,
                  min_size: int = 2, limit: int = 10) -> list[dict]:
    """Groups of similar texts, largest first, each with the member closest to its centroid."""
    if len(texts) < min_size:
        return []
    model = model or classifier.get_model()
    matrix = model.vectorize(texts)
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    similarity = (matrix @ matrix.T).toarray() / np.outer(norms, norms)
    distances = np.clip(1.0 - similarity, 0.0, 2.0)
    labels = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="average",
                                     distance_threshold=distance).fit_predict(distances)
    clusters = []
    for label in np.unique(labels):
        members = np.flatnonzero(labels == label)
        if len(members) < min_size:
            continue
        # The representative has the highest mean similarity to the others (the medoid).
        centre = members[np.argmax(similarity[np.ix_(members, members)].mean(axis=1))]
        clusters.append({"size": int(len(members)), "representative": texts[centre],
                         "representative_index": int(centre),
                         "members": [int(i) for i in members]})
    clusters.sort(key=lambda c: (-c["size"], c["representative_index"]))
    return clusters[:limit]


def main_category(categories: list[str]) -> str:
    """The most common category of a cluster's appeals (the first one seen wins a tie)."""
    return Counter(categories).most_common(1)[0][0] if categories else ""


def insights(appeals, *, now=None, limit: int = 5) -> dict:
    """Top problems of the week and month, and clusters of the month's appeals."""
    now = now or timezone.now()
    since = now - timedelta(days=2 * PERIOD_DAYS["month"])
    rows = list(appeals.filter(created_at__gte=since, created_at__lte=now)
                .values_list("pk", "number", "created_at", "category", "text")
                .order_by("-created_at"))
    records = [(created_at, category) for __, __, created_at, category, __ in rows]
    recent = [r for r in rows if r[2] >= now - timedelta(days=PERIOD_DAYS["month"])]
    recent = recent[:MAX_CLUSTERED]
    clusters = cluster_texts([r[4] for r in recent]) if recent else []
    for cluster in clusters:
        members = cluster.pop("members")
        cluster["numbers"] = [recent[i][1] for i in members]
        cluster["category"] = main_category([recent[i][3] for i in members])
        cluster["representative_number"] = recent[cluster.pop("representative_index")][1]
    return {"week": top_problems(records, now=now, period="week", limit=limit),
            "month": top_problems(records, now=now, period="month", limit=limit),
            "clusters": clusters}


def insights_for(user, *, mahalla_id: int | None = None, district_id: int | None = None,
                 now=None) -> dict:
    """`insights` over the appeals `user` may see, narrowed to a mahalla or a district."""
    from mahalla.appeals.permissions import visible_appeals

    appeals = visible_appeals(user).filter(merged_into__isnull=True)
    if mahalla_id is not None:
        appeals = appeals.filter(mahalla_id=mahalla_id)
    if district_id is not None:
        appeals = appeals.filter(district_id=district_id)
    return insights(appeals, now=now)
