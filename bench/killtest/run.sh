#!/usr/bin/env bash
# The kill test, longer than the suite's (tests/AttrTune.EndToEnd.Tests/KillTests.cs) with the same driver and checks.
#
#   bench/killtest/run.sh [workers] [kills] [more options of bench/killtest/Program.cs]
#
# Packs AttrTune from this working tree into a private feed, builds the worker (bench/killtest/worker/Program.cs)
# as a consumer of that package, runs [workers] worker processes (default 4) on one SQLite study, SIGKILLs and
# restarts them [kills] times (default 200), finishes the study without kills and checks the database against
# the workers' side logs. Exit code 0 when every check holds, 1 on a violation (the evidence folder is printed).
# Example: bench/killtest/run.sh 4 200 --seed 42 --keep
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
workers="${1:-4}"
kills="${2:-200}"
shift $(( $# < 2 ? $# : 2 ))
dotnet build -c Release "$here/KillTest.csproj" -nologo -v quiet
exec dotnet run -c Release --no-build --project "$here/KillTest.csproj" -- --workers "$workers" --kills "$kills" "$@"
