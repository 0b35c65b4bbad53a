#!/usr/bin/python3
"""Optuna on the benchmark problems of bench/AttrTune.Problems, the reference column of the search-quality table.

Runs RandomSampler, TPESampler (as installed, and with the upstream fix of its kernel density: see tpe_fixed below),
TPESampler(multivariate=True), CmaEsSampler (box problems only) and QMCSampler (scrambled Sobol) at budgets 50 and
200 over SEEDS seeds, two processes in parallel, and prints median simple regret [IQR] per cell (on the conditional
problems also how many seeds ended in the best branch: "(k/N)", "in_branch" in the JSON). Writes
bench/optuna/quality_results.json, which `dotnet run -c Release --project bench/AttrTune.Benchmarks -- quality` prints
beside AttrTune's samplers.
The problem functions are checked against bench/AttrTune.Problems/test_vectors.json before anything runs.

Usage: /usr/bin/python3 bench/optuna/quality.py [seeds] [--samplers tpe,cmaes] [--budgets 50,200] [--problems branin]
       [--out path]      (Debian: apt-get install python3-optuna python3-scipy)
Each cell keeps its per-seed regrets (seed 1 first), so the C# harness can test our TPE against Optuna's.
--out is rewritten whole: to add problems to the committed results, write elsewhere and merge the cells.
"""
import argparse
import json
import math
import multiprocessing
import os
import statistics
import time
import warnings

import numpy as np
import optuna
from optuna.samplers._tpe import _truncnorm

optuna.logging.set_verbosity(optuna.logging.ERROR)
warnings.filterwarnings("ignore")
HERE = os.path.dirname(os.path.abspath(__file__))

A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]]
P = [[0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886], [0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991],
     [0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650], [0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381]]
ALPHA = [1.0, 1.2, 3.0, 3.2]
OPTIMIZERS = {"sgd": (-1.0, 0.10), "momentum": (-1.5, 0.05), "adam": (-3.0, 0.0), "rmsprop": (-2.5, 0.03)}


def branin(x):
    b = 5.1 / (4.0 * math.pi * math.pi)
    c = 5 / math.pi
    t = 1 / (8 * math.pi)
    return (x[1] - b * x[0] ** 2 + c * x[0] - 6) ** 2 + 10 * (1 - t) * math.cos(x[0]) + 10


def hartmann6(x):
    total = 0.0
    for i in range(4):
        inner = 0.0
        for j in range(6):
            inner += A[i][j] * (x[j] - P[i][j]) ** 2
        total += ALPHA[i] * math.exp(-inner)
    return -total


def rosenbrock(x):
    return sum(100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2 for i in range(len(x) - 1))


def ackley(x):
    d = len(x)
    s1 = sum(v * v for v in x) / d
    s2 = sum(math.cos(2.0 * math.pi * v) for v in x) / d
    return -20 * math.exp(-0.2 * math.sqrt(s1)) - math.exp(s2) + 20 + math.e


def mixed_ml(p):
    c, b = OPTIMIZERS[p["optimizer"]]
    u = math.log10(p["lr"])
    w = math.log2(p["n_units"])
    layers = p["n_layers"]
    delta = u - (c + 0.1 * (layers - 4))
    lr_term = 0.15 * delta ** 2 + 0.05 * (1 - math.cos(2 * math.pi * delta))
    cap_term = 0.03 * (layers - 4) ** 2 + 0.02 * (w - 8) ** 2
    d_opt = 0.1 + 0.04 * (layers - 1) + 0.03 * (w - 4)
    drop_term = 0.8 * (p["dropout"] - d_opt) ** 2
    return 0.1 + b + lr_term + cap_term + drop_term


def jenatton(p):
    if p["x1"] == "0":
        if p["x2"] == "0":
            return p["x4"] ** 2 + 0.1 + p["r8"]
        return p["x5"] ** 2 + 0.2 + p["r8"]
    if p["x3"] == "0":
        return p["x6"] ** 2 + 0.3 + p["r9"]
    return p["x7"] ** 2 + 0.4 + p["r9"]


ACTIVATIONS = {"relu": (-3.0, 0.0), "tanh": (-2.3, 0.03)}


def model_selection(p):
    family = p["family"]
    if family == "ridge":
        return 0.25 + 0.02 * math.log10(p["ridge_alpha"]) ** 2
    if family == "forest":
        return 0.18 + 0.01 * (math.log10(p["forest_trees"]) - 2.5) ** 2 + 0.2 * (p["forest_max_features"] - 0.3) ** 2
    if family == "boosting":
        return (0.12 + 0.3 * (math.log10(p["boost_lr"]) + 1.3) ** 2 + 0.01 * (p["boost_depth"] - 6) ** 2
                + 0.4 * (p["boost_subsample"] - 0.8) ** 2)
    c, e = ACTIVATIONS[p["mlp_activation"]]
    return (0.08 + e + 0.6 * (math.log10(p["mlp_lr"]) - c) ** 2 + 0.02 * (p["mlp_layers"] - 3) ** 2
            + 0.5 * (p["mlp_dropout"] - 0.2) ** 2)


def box(name, function, dim, low, high, f_star):
    def objective(trial):
        return function([trial.suggest_float(f"x{i}", low, high) for i in range(dim)])

    return name, objective, f_star, True, lambda p: function([p[f"x{i}"] for i in range(dim)])


def mixed_objective(trial):
    return mixed_ml({
        "optimizer": trial.suggest_categorical("optimizer", ["sgd", "momentum", "adam", "rmsprop"]),
        "lr": trial.suggest_float("lr", 1e-5, 1.0, log=True),
        "n_layers": trial.suggest_int("n_layers", 1, 8),
        "n_units": trial.suggest_int("n_units", 16, 1024, log=True),
        "dropout": trial.suggest_float("dropout", 0.0, 0.7),
    })


# Define-by-run with the conditions of problems.md section 8 (those of AttrTune's [ActiveWhen]): a child is suggested
# only when its parent was suggested with the activating value, so inactive parameters never reach the sampler.
def jenatton_objective(trial):
    p = {"x1": trial.suggest_categorical("x1", ["0", "1"])}
    if p["x1"] == "0":
        p["x2"] = trial.suggest_categorical("x2", ["0", "1"])
        if p["x2"] == "0":
            p["x4"] = trial.suggest_float("x4", 0.0, 1.0)
        else:
            p["x5"] = trial.suggest_float("x5", 0.0, 1.0)
        p["r8"] = trial.suggest_float("r8", 0.0, 1.0)
    else:
        p["x3"] = trial.suggest_categorical("x3", ["0", "1"])
        if p["x3"] == "0":
            p["x6"] = trial.suggest_float("x6", 0.0, 1.0)
        else:
            p["x7"] = trial.suggest_float("x7", 0.0, 1.0)
        p["r9"] = trial.suggest_float("r9", 0.0, 1.0)
    return jenatton(p)


def model_selection_objective(trial):
    p = {"family": trial.suggest_categorical("family", ["ridge", "forest", "boosting", "mlp"])}
    if p["family"] == "ridge":
        p["ridge_alpha"] = trial.suggest_float("ridge_alpha", 1e-6, 1e3, log=True)
    elif p["family"] == "forest":
        p["forest_trees"] = trial.suggest_int("forest_trees", 10, 1000, log=True)
        p["forest_max_features"] = trial.suggest_float("forest_max_features", 0.1, 1.0)
    elif p["family"] == "boosting":
        p["boost_lr"] = trial.suggest_float("boost_lr", 1e-3, 1.0, log=True)
        p["boost_depth"] = trial.suggest_int("boost_depth", 2, 12)
        p["boost_subsample"] = trial.suggest_float("boost_subsample", 0.5, 1.0)
    else:
        p["mlp_lr"] = trial.suggest_float("mlp_lr", 1e-5, 1e-1, log=True)
        p["mlp_layers"] = trial.suggest_int("mlp_layers", 1, 4)
        p["mlp_dropout"] = trial.suggest_float("mlp_dropout", 0.0, 0.6)
        p["mlp_activation"] = trial.suggest_categorical("mlp_activation", ["relu", "tanh"])
    return model_selection(p)


PROBLEMS = [
    box("branin", lambda x: branin(x), 2, None, None, 0.39788735772973816),
    box("hartmann6", hartmann6, 6, 0.0, 1.0, -3.322368011415515),
    box("rosenbrock10", rosenbrock, 10, -5.0, 10.0, 0.0),
    box("ackley10", ackley, 10, -32.768, 32.768, 0.0),
    ("mixed_ml", mixed_objective, 0.1, False, mixed_ml),
    ("jenatton", jenatton_objective, 0.1, False, jenatton),
    ("model_selection", model_selection_objective, 0.08, False, model_selection),
]

# "Best branch reached": a study's best value below this was found in the optimum's branch (only it goes there).
BRANCH_THRESHOLDS = {"jenatton": 0.2, "model_selection": 0.12}


def branin_objective(trial):
    return branin([trial.suggest_float("x0", -5.0, 10.0), trial.suggest_float("x1", 0.0, 15.0)])


PROBLEMS[0] = ("branin", branin_objective, 0.39788735772973816, True, lambda p: branin([p["x0"], p["x1"]]))

# Optuna before 3.5 left -log(sigma) out of its truncated normal's log density (optuna/optuna#5109, fixed by
# optuna/optuna#5110), so its TPE scores candidates with kernels that are not densities. "tpe_fixed" is the same
# TPESampler with that one fix applied, i.e. the estimator current Optuna and AttrTune use; "tpe" is the installed 3.1
# as it is. Likewise "tpe_mv_fixed" for the multivariate TPE. On Optuna 3.5 and later the fix is already there and
# tpe_fixed is the installed TPE.
_LOGPDF_AS_INSTALLED = _truncnorm.logpdf
_NEEDS_KERNEL_FIX = tuple(int(part) for part in optuna.__version__.split(".")[:2]) < (3, 5)


def _logpdf_with_scale(x, a, b, loc=0, scale=1):
    return _LOGPDF_AS_INSTALLED(x, a, b, loc, scale) - np.log(scale)


SAMPLERS = {
    "random": lambda seed: optuna.samplers.RandomSampler(seed=seed),
    "tpe": lambda seed: optuna.samplers.TPESampler(seed=seed),
    "tpe_fixed": lambda seed: optuna.samplers.TPESampler(seed=seed),
    "tpe_mv": lambda seed: optuna.samplers.TPESampler(seed=seed, multivariate=True),
    "tpe_mv_fixed": lambda seed: optuna.samplers.TPESampler(seed=seed, multivariate=True),
    "cmaes": lambda seed: optuna.samplers.CmaEsSampler(seed=seed),
    "qmc": lambda seed: optuna.samplers.QMCSampler(seed=seed, qmc_type="sobol", scramble=True),
}


def check_test_vectors():
    with open(os.path.join(HERE, "..", "AttrTune.Problems", "test_vectors.json")) as f:
        vectors = json.load(f)
    by_name = {name: evaluate for name, _, _, _, evaluate in PROBLEMS}
    for name, spec in vectors.items():
        for point in spec["points"]:
            value = by_name[name](point["params"])
            assert abs(value - point["value"]) <= 1e-12 * max(1.0, abs(point["value"])), (name, point["label"], value)


def run(job):
    problem_index, sampler_name, budget, seed = job
    name, objective, f_star, _, _ = PROBLEMS[problem_index]
    fix = _NEEDS_KERNEL_FIX and sampler_name.endswith("_fixed")
    _truncnorm.logpdf = _logpdf_with_scale if fix else _LOGPDF_AS_INSTALLED
    study = optuna.create_study(sampler=SAMPLERS[sampler_name](seed))
    study.optimize(objective, n_trials=budget)
    return problem_index, sampler_name, budget, study.best_value - f_star, study.best_value


def quantile(sorted_values, q):
    position = q * (len(sorted_values) - 1)
    lower = int(math.floor(position))
    upper = min(lower + 1, len(sorted_values) - 1)
    return sorted_values[lower] + (position - lower) * (sorted_values[upper] - sorted_values[lower])


def fmt(value):
    return f"{value:.2e}" if abs(value) >= 1000 else f"{value:.4g}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("seeds", type=int, nargs="?", default=10)
    parser.add_argument("--samplers", default=",".join(SAMPLERS))
    parser.add_argument("--budgets", default="50,200")
    parser.add_argument("--problems", default=",".join(p[0] for p in PROBLEMS))
    parser.add_argument("--out", default=os.path.join(HERE, "quality_results.json"))
    arguments = parser.parse_args()
    seeds = arguments.seeds
    samplers = [s for s in SAMPLERS if s in arguments.samplers.split(",")]
    budgets = [int(b) for b in arguments.budgets.split(",")]
    problems = arguments.problems.split(",")
    check_test_vectors()
    jobs = [(p, s, budget, seed) for budget in budgets for p, problem in enumerate(PROBLEMS) if problem[0] in problems
            for s in samplers if problem[3] or s != "cmaes" for seed in range(1, seeds + 1)]
    start = time.perf_counter()
    with multiprocessing.Pool(os.cpu_count()) as pool:
        results = pool.map(run, jobs, chunksize=1)
    cells = {}
    bests = {}
    for problem_index, sampler_name, budget, regret, best in results:  # pool.map keeps job order: seed 1 first
        cells.setdefault((PROBLEMS[problem_index][0], sampler_name, budget), []).append(regret)
        bests.setdefault((PROBLEMS[problem_index][0], sampler_name, budget), []).append(best)
    table = {}
    print(f"Optuna {optuna.__version__}, {seeds} seeds per cell, wall {time.perf_counter() - start:.1f} s")
    for budget in budgets:
        print(f"\nBudget {budget}: median simple regret [IQR]\n\n| problem | " + " | ".join(samplers) + " |")
        print("|---|" + "---|" * len(samplers))
        for name, *_ in PROBLEMS:
            if name not in problems:
                continue
            row = []
            for s in samplers:
                per_seed = cells.get((name, s, budget), [])
                values = sorted(per_seed)
                if not values:
                    row.append("-")
                    continue
                median, iqr = statistics.median(values), quantile(values, 0.75) - quantile(values, 0.25)
                cell = {"median": median, "iqr": iqr, "seeds": len(values), "regrets": per_seed}
                text = f"{fmt(median)} [{fmt(iqr)}]"
                if name in BRANCH_THRESHOLDS:
                    # Counted on the best values themselves, not on regret + f*, so no rounding moves a seed across.
                    cell["in_branch"] = sum(b < BRANCH_THRESHOLDS[name] for b in bests[(name, s, budget)])
                    text += f" ({cell['in_branch']}/{len(values)} in best branch)"
                table[f"{name}/{s}/{budget}"] = cell
                row.append(text)
            print(f"| {name} | " + " | ".join(row) + " |")
    with open(arguments.out, "w") as f:
        json.dump({"optuna": optuna.__version__, "seeds": seeds, "cells": table}, f, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
