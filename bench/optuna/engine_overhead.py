#!/usr/bin/python3
"""Optuna's engine overhead with the settings of docs/benchmarks.md ("Engine overhead"): random sampler, the cont10
space (ten floats on [-5, 10]), an objective that returns at once, sequential trials, a whole study per repeat.
Prints the same table as `dotnet run -c Release --project bench/AttrTune.Benchmarks -- engine`.

Usage: /usr/bin/python3 bench/optuna/engine_overhead.py [repeats] [sqlite_repeats]   (Debian: apt-get install python3-optuna)
"""
import os
import statistics
import sys
import tempfile
import time

import optuna

optuna.logging.set_verbosity(optuna.logging.WARNING)


def objective(trial):
    for i in range(10):
        trial.suggest_float(f"x{i}", -5.0, 10.0)
    return 0.0


def measure(trials, storage):
    start = time.perf_counter()
    study = optuna.create_study(storage=storage, sampler=optuna.samplers.RandomSampler(seed=1))
    study.optimize(objective, n_trials=trials)
    elapsed = time.perf_counter() - start
    assert len(study.trials) == trials
    return trials / elapsed


def report(name, trials, repeats, storage_factory):
    rates = sorted(measure(trials, storage_factory()) for _ in range(repeats))
    print(f"| {name} | {trials} | {statistics.median(rates):.0f} | {', '.join(f'{r:.0f}' for r in rates)} |", flush=True)


def sqlite_url():
    return "sqlite:///" + os.path.join(tempfile.mkdtemp(prefix="optuna-overhead-"), "study.db")


if __name__ == "__main__":
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    sqlite_repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    print(f"Optuna {optuna.__version__}")
    print("| storage | trials | trials/s (median) | all repeats (trials/s) |")
    print("|---|---:|---:|---|")
    report("in-memory", 10_000, repeats, lambda: None)
    report("sqlite (SQLAlchemy defaults)", 1_000, sqlite_repeats, sqlite_url)
