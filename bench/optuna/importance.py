#!/usr/bin/python3
"""Agreement of AttrTune's fANOVA importances with Optuna's FanovaImportanceEvaluator.

Reads the studies `dotnet run -c Release --project bench/AttrTune.Benchmarks -- importance-export <dir> [trials] [seed] [parameter|raw]`
writes (<problem>.json, AttrTune's JSON export, and <problem>.importance.json, our importances of the same trials;
with `raw`, our fANOVA in ImportanceScale.Raw, on raw values as Optuna's),
rebuilds each as an Optuna study (optuna.create_study + add_trial with the same distributions), runs Optuna's
FanovaImportanceEvaluator(seed=...) and prints the Spearman rank correlation between Optuna's importances and ours.

Columns:
  spearman            ours against Optuna (seed --seed)
  optuna seed-to-seed Optuna against Optuna with seed + 1: how stable the ranking itself is (the ceiling to expect)
  mean of 5 seeds     ours against Optuna, each averaged over seeds --seed .. --seed+4 (the forests' own noise
                      averaged out: what is left is the difference between the methods)
  log-scaled optuna   ours against Optuna given log-scale parameters in log space: Optuna 3.1 fits the forest on
                      raw values (transform_log=False), AttrTune in each parameter's own scale, which changes what
                      a "uniform" average over a log range means

Optuna 3.1 ranks only the parameters active in every trial (its intersection search space). On a conditional
problem the script therefore compares each scope that has at least three parameters of its own: the trials where
the scope is active, its own parameters (ours: their order in our importances, which within a scope is the order
of the scope forest's shares).

Usage: /usr/bin/python3 bench/optuna/importance.py <dir> [--seed 1]   (Debian: apt-get install python3-optuna python3-sklearn)
"""
import argparse
import json
import math
import os
import re
import warnings

import optuna
from optuna.distributions import CategoricalDistribution, FloatDistribution, IntDistribution
from optuna.importance import FanovaImportanceEvaluator
from scipy.stats import spearmanr

optuna.logging.set_verbosity(optuna.logging.ERROR)
warnings.filterwarnings("ignore")


def parse_distribution(text):
    """An Optuna distribution from AttrTune's canonical text (Distribution.CanonicalText)."""
    m = re.fullmatch(r"(Uniform|LogUniform)\[([^,]+), ([^,\]]+)(?:, step ([^,\]]+))?(?:, float32)?\]", text)
    if m:
        kind, low, high, step = m.groups()
        return FloatDistribution(float(low), float(high), log=kind == "LogUniform", step=float(step) if step else None)
    m = re.fullmatch(r"Int\[(-?\d+), (-?\d+)(?:, step (\d+))?(, log)?\]", text)
    if m:
        low, high, step, log = m.groups()
        return IntDistribution(int(low), int(high), log=bool(log), step=int(step) if step else 1)
    m = re.fullmatch(r"Choice<[^>]*>\[(.*)\]", text)
    if m:
        return CategoricalDistribution(json.loads("[" + m.group(1) + "]"))
    raise ValueError(f"unknown distribution {text}")


def to_optuna_value(dist, internal, log_space):
    if isinstance(dist, CategoricalDistribution):
        return dist.choices[int(internal)]
    if log_space and dist.log:
        return math.log(internal)
    return int(internal) if isinstance(dist, IntDistribution) else internal


def log_space_distribution(dist):
    """A log-scale range as a linear range of its logs (what AttrTune's forest sees)."""
    if isinstance(dist, (FloatDistribution, IntDistribution)) and dist.log:
        low, high = (dist.low - 0.5, dist.high + 0.5) if isinstance(dist, IntDistribution) else (dist.low, dist.high)
        return FloatDistribution(math.log(low), math.log(high))
    return dist


def mean_importances(doc, names, trial_filter, seed, count):
    runs = [optuna_importances(doc, names, trial_filter, seed + k) for k in range(count)]
    return {n: sum(r.get(n, 0.0) for r in runs) / count for n in names}


def optuna_importances(doc, names, trial_filter, seed, log_space=False):
    dists = {p["name"]: parse_distribution(p["distribution"]) for p in doc["parameters"]}
    study = optuna.create_study(direction=doc["direction"].lower())
    for t in doc["trials"]:
        if t["state"] != "Complete" or not trial_filter(t):
            continue
        params, distributions = {}, {}
        for name in names:
            dist = dists[name]
            internal = t["internalParams"][name]
            if log_space and isinstance(dist, IntDistribution) and dist.log:
                internal = min(max(internal, dist.low - 0.5), dist.high + 0.5)
            params[name] = to_optuna_value(dist, internal, log_space)
            distributions[name] = log_space_distribution(dist) if log_space else dist
        study.add_trial(optuna.trial.create_trial(params=params, distributions=distributions, value=t["value"]))
    return optuna.importance.get_param_importances(study, evaluator=FanovaImportanceEvaluator(seed=seed), normalize=False)


def rank_correlation(ours, theirs, names):
    a = [ours[n] for n in names]
    b = [theirs.get(n, 0.0) for n in names]
    return spearmanr(a, b).correlation


def comparisons(doc):
    """(label, parameter names, trial filter) to compare: the whole space, or each scope of at least 3 parameters."""
    params = doc["parameters"]
    if all(p["condition"] is None for p in params):
        return [("all", [p["name"] for p in params], lambda t: True)]
    scopes = {}
    for p in params:
        if p["condition"] is not None:
            scopes.setdefault(p["condition"], []).append(p["name"])
    result = []
    for condition, names in scopes.items():
        if len(names) >= 3:
            result.append((condition, names, lambda t, names=names: all(n in t["internalParams"] for n in names)))
    return result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("dir")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(f"Optuna {optuna.__version__}, FanovaImportanceEvaluator(seed={args.seed}) and seed {args.seed + 1}")
    print("| problem | compared | trials | spearman | optuna seed-to-seed | mean of 5 seeds | log-scaled optuna | ours (top 3) | optuna (top 3) |")
    print("|---|---|---:|---:|---:|---:|---:|---|---|")
    for file in sorted(os.listdir(args.dir)):
        if not file.endswith(".json") or file.endswith(".importance.json"):
            continue
        problem = file[:-5]
        with open(os.path.join(args.dir, file)) as f:
            doc = json.load(f)
        with open(os.path.join(args.dir, problem + ".importance.json")) as f:
            both = json.load(f)
        ours, ours_mean = both["fanova"], both["fanova_mean5"]
        cases = comparisons(doc)
        if not cases:
            print(f"| {problem} | no scope of 3 or more parameters | | n/a | | | | | |")
        for label, names, keep in cases:
            n = sum(1 for t in doc["trials"] if t["state"] == "Complete" and keep(t))
            theirs = optuna_importances(doc, names, keep, args.seed)
            again = optuna_importances(doc, names, keep, args.seed + 1)
            logged = optuna_importances(doc, names, keep, args.seed, log_space=True)
            averaged = mean_importances(doc, names, keep, args.seed, 5)
            top = lambda d: ", ".join(sorted(names, key=lambda k: -d.get(k, 0.0))[:3])
            print(f"| {problem} | {label} | {n} | {rank_correlation(ours, theirs, names):.3f} | "
                  f"{rank_correlation(dict(again), theirs, names):.3f} | {rank_correlation(ours_mean, averaged, names):.3f} | "
                  f"{rank_correlation(ours, logged, names):.3f} | "
                  f"{top(ours)} | {top(theirs)} |")


if __name__ == "__main__":
    main()
