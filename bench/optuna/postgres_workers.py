#!/usr/bin/python3
"""Optuna 3.1's RDB storage on PostgreSQL with W worker processes, the settings of docs/benchmarks.md ("PostgreSQL
workers"): random sampler, the cont10 space (ten floats on [-5, 10]), an objective that returns at once. Each worker is
a process that loads the study and runs its share of the trials; trials/s counts all of them from the start of the
first worker to the end of the last. Prints the same table as `... AttrTune.Benchmarks -- postgres <url>`.

Usage: /usr/bin/python3 bench/optuna/postgres_workers.py <postgresql://user@host:port/db> [trials per worker] [repeats] [workers,...]
(Debian: apt-get install python3-optuna python3-psycopg2)
"""
import multiprocessing
import statistics
import sys
import time
import uuid

import optuna

optuna.logging.set_verbosity(optuna.logging.WARNING)


def objective(trial):
    for i in range(10):
        trial.suggest_float(f"x{i}", -5.0, 10.0)
    return 0.0


def worker(url, name, trials, seed):
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    study = optuna.load_study(study_name=name, storage=url, sampler=optuna.samplers.RandomSampler(seed=seed))
    study.optimize(objective, n_trials=trials)


def measure(url, workers, trials):
    name = "optuna-workers-" + uuid.uuid4().hex
    optuna.create_study(study_name=name, storage=url)
    processes = [multiprocessing.Process(target=worker, args=(url, name, trials, i + 1)) for i in range(workers)]
    start = time.perf_counter()
    for p in processes:
        p.start()
    for p in processes:
        p.join()
    elapsed = time.perf_counter() - start
    complete = len(optuna.load_study(study_name=name, storage=url).get_trials(states=(optuna.trial.TrialState.COMPLETE,)))
    assert complete == workers * trials, (complete, workers * trials)
    optuna.delete_study(study_name=name, storage=url)
    return complete / elapsed


def main():
    url = sys.argv[1].replace("postgresql://", "postgresql+psycopg2://", 1)
    trials = int(sys.argv[2]) if len(sys.argv) > 2 else 25
    repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    counts = [int(w) for w in sys.argv[4].split(",")] if len(sys.argv) > 4 else [1, 2, 4, 8]
    print(f"| workers | trials | trials/s (median of {repeats}) | all repeats |")
    print("|---:|---:|---:|---|")
    for workers in counts:
        rates = sorted(measure(url, workers, trials) for _ in range(repeats))
        print(f"| {workers} | {workers * trials} | {statistics.median(rates):.1f} | {', '.join(f'{r:.1f}' for r in rates)} |", flush=True)


if __name__ == "__main__":
    main()
