#!/usr/bin/python3
"""Reference densities from Optuna's own Parzen estimator, for the differential test of our TPE.

Builds Optuna's _ParzenEstimator (default weights, prior, magic clip; univariate and multivariate) on fixed
observations and records its log density at fixed points. Optuna before 3.5 left -log(sigma) out of each continuous
kernel's log density (optuna/optuna#5109); the upstream fix (optuna/optuna#5110) is applied here, so the reference
is the estimator of current Optuna: kernels that integrate to one, as in the TPE paper.
tests/AttrTune.Tests/Engine/TpeOptunaReferenceTests.cs builds AttrTune's estimators on the same observations and
must agree. The cases cover every kind of parameter the
TPE models differently: plain, log and stepped floats, integers with and without step, log integers, choices, no
observation (prior only), one and two observations (the end-point bandwidth rule), ties, more than 25 observations
(the ramped weights) and the multivariate product kernels.

Usage: /usr/bin/python3 bench/optuna/parzen_reference.py
       (writes tests/AttrTune.Tests/Engine/Baselines/optuna_parzen.json)
"""
import json
import os

import numpy as np
import optuna
from optuna.distributions import CategoricalDistribution, FloatDistribution, IntDistribution
from optuna.samplers._tpe import _truncnorm
from optuna.samplers._tpe.parzen_estimator import _ParzenEstimator, _ParzenEstimatorParameters
from optuna.samplers._tpe.sampler import default_weights

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "tests", "AttrTune.Tests", "Engine", "Baselines", "optuna_parzen.json")


def describe(distribution):
    if isinstance(distribution, FloatDistribution):
        return {"kind": "float", "low": distribution.low, "high": distribution.high, "log": distribution.log,
                "step": distribution.step or 0.0}
    if isinstance(distribution, IntDistribution):
        return {"kind": "int", "low": distribution.low, "high": distribution.high, "log": distribution.log,
                "step": distribution.step}
    return {"kind": "choice", "count": len(distribution.choices)}


def draw(rng, distribution, size):
    """Internal representations (choice indices for choices) of random points, plus the bounds."""
    if isinstance(distribution, CategoricalDistribution):
        return [float(i) for i in rng.randint(0, len(distribution.choices), size)]
    if isinstance(distribution, FloatDistribution):
        if distribution.log:
            values = np.exp(rng.uniform(np.log(distribution.low), np.log(distribution.high), size))
        else:
            values = rng.uniform(distribution.low, distribution.high, size)
        if distribution.step:
            values = distribution.low + np.round((values - distribution.low) / distribution.step) * distribution.step
            values = np.clip(values, distribution.low, distribution.high)
        return [float(v) for v in values]
    if distribution.log:
        values = np.round(np.exp(rng.uniform(np.log(distribution.low), np.log(distribution.high), size)))
    else:
        values = distribution.low + distribution.step * rng.randint(
            0, (distribution.high - distribution.low) // distribution.step + 1, size)
    return [float(v) for v in np.clip(values, distribution.low, distribution.high)]


def case(name, space, n, seed, multivariate=False, prior_weight=1.0, magic_clip=True, observations=None):
    rng = np.random.RandomState(seed)
    if observations is None:
        observations = {p: draw(rng, d, n) for p, d in space.items()}
    points = {p: draw(rng, d, 12) for p, d in space.items()}
    for p, d in space.items():  # the bounds themselves, where truncation matters most
        if not isinstance(d, CategoricalDistribution):
            points[p][:2] = [float(d.low), float(d.high)]
    parameters = _ParzenEstimatorParameters(
        consider_prior=True, prior_weight=prior_weight, consider_magic_clip=magic_clip, consider_endpoints=False,
        weights=default_weights, multivariate=multivariate)
    arrays = {p: np.asarray(v, dtype=float) for p, v in observations.items()}
    estimator = _ParzenEstimator(arrays, space, parameters)
    as_samples = {p: np.asarray(v, dtype=int if isinstance(space[p], CategoricalDistribution) else float)
                  for p, v in points.items()}
    log_pdf = estimator.log_pdf(as_samples)
    return {
        "name": name, "multivariate": multivariate, "prior_weight": prior_weight, "magic_clip": magic_clip,
        "parameters": [dict(name=p, **describe(d)) for p, d in space.items()],
        "observations": [[observations[p][i] for p in space] for i in range(len(next(iter(observations.values()))))],
        "points": [[points[p][i] for p in space] for i in range(12)],
        "log_pdf": [float(v) for v in log_pdf],
    }


def main():
    as_installed = _truncnorm.logpdf
    if tuple(int(part) for part in optuna.__version__.split(".")[:2]) < (3, 5):
        _truncnorm.logpdf = lambda x, a, b, loc=0, scale=1: as_installed(x, a, b, loc, scale) - np.log(scale)
    x = FloatDistribution(-5.0, 10.0)
    unit = FloatDistribution(0.0, 1.0)
    lr = FloatDistribution(1e-5, 1.0, log=True)
    dropout = FloatDistribution(0.0, 0.7, step=0.05)
    layers = IntDistribution(1, 8)
    stepped = IntDistribution(0, 100, step=5)
    units = IntDistribution(16, 1024, log=True)
    optimizer = CategoricalDistribution(["sgd", "momentum", "adam", "rmsprop"])
    cases = [
        case("float, prior only", {"x": x}, 0, 1),
        case("float, one observation", {"x": x}, 1, 2),
        case("float, two observations", {"x": x}, 2, 3),
        case("float, seven observations", {"x": unit}, 7, 4),
        case("float, forty observations (ramped weights)", {"x": unit}, 40, 5),
        case("float, clustered observations (magic clip)", {"x": unit}, 0, 6,
             observations={"x": [0.5, 0.5001, 0.5002, 0.4999, 0.9]}),
        case("float, no magic clip, prior weight 2", {"x": unit}, 9, 7, prior_weight=2.0, magic_clip=False),
        case("log float", {"lr": lr}, 12, 8),
        case("stepped float", {"dropout": dropout}, 9, 9),
        case("integer", {"layers": layers}, 10, 10),
        case("integer with ties", {"layers": layers}, 0, 11, observations={"layers": [4.0, 4.0, 4.0, 1.0, 8.0, 4.0]}),
        case("stepped integer", {"n": stepped}, 6, 12),
        case("log integer", {"units": units}, 15, 13),
        case("choice, prior only", {"optimizer": optimizer}, 0, 14),
        case("choice, five observations", {"optimizer": optimizer}, 5, 15),
        case("choice, thirty observations", {"optimizer": optimizer}, 30, 16),
        case("choice, prior weight 2", {"optimizer": optimizer}, 8, 17, prior_weight=2.0),
    ]
    mixed = {"optimizer": optimizer, "lr": lr, "layers": layers, "units": units, "dropout": dropout}
    for n, seed in ((0, 20), (1, 21), (6, 22), (30, 23)):
        cases.append(case(f"multivariate mixed, {n} observations", mixed, n, seed, multivariate=True))
    cases.append(case("multivariate box, 12 observations", {"x0": unit, "x1": x}, 12, 24, multivariate=True))
    with open(OUT, "w") as f:
        json.dump({"optuna": optuna.__version__, "kernel_fix": "optuna/optuna#5110", "cases": cases}, f, indent=1)
    print(f"{len(cases)} cases from Optuna {optuna.__version__} -> {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()
