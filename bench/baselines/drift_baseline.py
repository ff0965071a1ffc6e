#!/usr/bin/python3
"""What a user would otherwise run for drift-monitor: pandas + scipy, the same tests as
computeDrift's `auto` on large data (wasserstein / std for numeric columns with more than 5
distinct values, Jensen-Shannon on category shares otherwise).

Usage: drift_baseline.py reference.csv current.csv  -> prints one JSON object (results, seconds,
max_rss_kb: the peak resident memory of this process).
"""
import json
import resource
import sys
import time

import numpy as np
import pandas as pd
from scipy import stats
from scipy.spatial import distance

start = time.perf_counter()
ref = pd.read_csv(sys.argv[1])
cur = pd.read_csv(sys.argv[2])
read_seconds = time.perf_counter() - start

results = {}
for column in ref.columns:
    r = ref[column].replace([np.inf, -np.inf], np.nan).dropna()
    c = cur[column].replace([np.inf, -np.inf], np.nan).dropna()
    numeric = pd.api.types.is_numeric_dtype(r)
    n_values = pd.concat([r, c]).nunique()
    if numeric and n_values > 5:
        value = stats.wasserstein_distance(r, c) / max(np.std(r), 0.001)
        method = "wasserstein"
    else:
        keys = sorted(set(r.unique()) | set(c.unique()))
        rp = r.value_counts().reindex(keys, fill_value=0).to_numpy() / len(r)
        cp = c.value_counts().reindex(keys, fill_value=0).to_numpy() / len(c)
        value = distance.jensenshannon(rp, cp, base=2)
        method = "jensenshannon"
    results[column] = {"method": method, "statistic": float(value), "drifted": bool(value >= 0.1)}

print(json.dumps({"seconds": time.perf_counter() - start, "read_seconds": read_seconds,
                  "max_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                  "columns": results}))
