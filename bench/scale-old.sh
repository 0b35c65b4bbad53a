#!/bin/bash
# Runs the `scale` mode of bench/AttrTune.Benchmarks against an older commit of the library (default d6f016f, the
# release before the engine split), for the old-vs-new rows of docs/benchmarks.md ("Scale").
#
#   bench/scale-old.sh [commit] [scale arguments...]      e.g. bench/scale-old.sh d6f016f grid,best 3
#
# It checks the commit out in a scratch git worktree (/tmp/attrtune-scale-<commit>; the repository itself is not
# touched), copies this checkout's Scale.cs, Program.cs and project file over that commit's benchmark program, and
# builds it in Release with AttrTuneApi=old: Scale.cs then compiles against the single `AttrTune` namespace of the old
# release (ATTRTUNE_OLD_API). Run the new side from the repository root with
#   dotnet run -c Release --project bench/AttrTune.Benchmarks -- scale [parts] [repeats]
set -euo pipefail

commit="${1:-d6f016f}"
shift || true
repo="$(git -C "$(dirname "$0")" rev-parse --show-toplevel)"
tree="/tmp/attrtune-scale-${commit}"

if [ ! -e "$tree/.git" ]; then
    git -C "$repo" worktree add --detach "$tree" "$commit" >/dev/null
fi

for file in Scale.cs Program.cs AttrTune.Benchmarks.csproj; do
    cp "$repo/bench/AttrTune.Benchmarks/$file" "$tree/bench/AttrTune.Benchmarks/$file"
done

cd "$tree"
dotnet build -c Release -p:AttrTuneApi=old bench/AttrTune.Benchmarks >/dev/null
exec bench/AttrTune.Benchmarks/bin/Release/net10.0/AttrTune.Benchmarks scale "$@"
