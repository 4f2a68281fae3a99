"""Issue-19 analyses on 100,000 synthetic statements × 1,000 actors × 60 concepts, 50 weekly windows.

    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 python benchmarks/bench_analyses.py polarization|backbone|clusters|phases|scale

Prints the CPU seconds of the analysis and the peak resident memory of the process (frame building included).
"""
import resource, sys, time
import numpy as np, pandas as pd
sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parents[1] / "src"))
from standpunkt.analysis.frame import statement_frame
from standpunkt.analysis.time import moving_windows
rng = np.random.default_rng(0)
n, A, C = 100_000, 1000, 60
x = rng.uniform(-1, 1, A); b = rng.uniform(-1, 1, C)
a = rng.integers(0, A, n); c = rng.integers(0, C, n)
sup = rng.random(n) < 1 / (1 + np.exp(-4 * x[a] * b[c]))
days = pd.Timestamp("2020-01-06") + pd.to_timedelta(rng.integers(0, 350, n), unit="D")
f = statement_frame(pd.DataFrame({"id": np.arange(1, n + 1), "actor": [f"a{i}" for i in a], "concept": [f"c{j}" for j in c],
                                  "agreement": np.where(sup, "support", "oppose"), "date": days}))
slices = moving_windows(f, unit="weeks", size=1)
print(len(f), "statements", len(slices), "windows", flush=True)
which = sys.argv[1]
t = time.process_time()
if which == "polarization":
    from standpunkt.analysis.polarization import polarization_over_time
    polarization_over_time(f, slices)
elif which == "backbone":
    from standpunkt.analysis.backbone import backbone
    backbone(f, normalization="average")
elif which == "clusters":
    from standpunkt.analysis.clusters import actor_clusters
    actor_clusters(f)
elif which == "phases":
    from standpunkt.analysis.clusters import phases
    phases(f, slices)
elif which == "scale":
    from standpunkt.analysis.scaling import scale_actors
    scale_actors(f, bootstrap=200)
print(which, "cpu_s", round(time.process_time() - t, 1), "peak_MB", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, flush=True)
