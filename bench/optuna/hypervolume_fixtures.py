"""Reference hypervolumes from Optuna 3.1's WFG for tests/AttrTune.Tests/MultiObjective/HypervolumeTests.cs.

    /usr/bin/python3 bench/optuna/hypervolume_fixtures.py > tests/AttrTune.Tests/MultiObjective/Baselines/optuna_hypervolume.json

Each case is a set of points (minimised), a reference point, Optuna's hypervolume of the points that strictly dominate
the reference (Optuna refuses the others, our Compute ignores them: the case keeps them to check that) and each point's
exclusive contribution (Optuna's hypervolume of all points minus that of all but the point; 0 outside the reference).
The sets mix fronts on a sphere or a simplex, uniform clouds (mostly dominated points), duplicates, ties in one
objective and points outside the reference, in 2 to 5 objectives.
"""
import json
import sys

import numpy as np
import optuna
from optuna._hypervolume import WFG


def hypervolume(points, reference):
    inside = points[np.all(points < reference, axis=1)]
    return 0.0 if len(inside) == 0 else float(WFG().compute(inside, reference))


def contributions(points, reference):
    total = hypervolume(points, reference)
    return [total - hypervolume(np.delete(points, i, axis=0), reference) for i in range(len(points))]


def front_on_sphere(rng, n, d):
    x = np.abs(rng.normal(size=(n, d)))
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def front_on_simplex(rng, n, d):
    x = rng.exponential(size=(n, d))
    return x / x.sum(axis=1, keepdims=True)


def main():
    rng = np.random.RandomState(20240516)
    cases = []

    def add(name, points, reference):
        points = np.asarray(points, dtype=float)
        reference = np.asarray(reference, dtype=float)
        cases.append({
            "name": name,
            "reference": reference.tolist(),
            "points": points.tolist(),
            "hypervolume": hypervolume(points, reference),
            "contributions": contributions(points, reference),
        })

    for d in (2, 3, 4, 5):
        for n in (1, 2, 5, 12, 30):
            if d == 5 and n == 30:
                n = 20  # Optuna's WFG in Python: keep the script under a minute.
            add(f"sphere d={d} n={n}", front_on_sphere(rng, n, d), [1.1] * d)
            add(f"simplex d={d} n={n}", front_on_simplex(rng, n, d) * 3 - 1, [2.5] * d)
            add(f"uniform d={d} n={n}", rng.uniform(size=(n, d)), rng.uniform(1.0, 1.5, size=d))
        # Mixed: a front, dominated copies, exact duplicates, ties in one objective, points outside the reference.
        base = front_on_sphere(rng, 8, d)
        dominated = base + rng.uniform(0.0, 0.3, size=base.shape)
        tied = base.copy()
        tied[:, 0] = base[0, 0]
        outside = base.copy()
        outside[:3, -1] = [1.2, 1.1, 5.0]
        points = np.concatenate([base, dominated, base[:3], tied, outside])
        add(f"mixed d={d}", points, [1.1] * d)
        add(f"integers d={d}", rng.randint(0, 4, size=(15, d)), [4.0] * d)

    json.dump({"optuna": optuna.__version__, "cases": cases}, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
