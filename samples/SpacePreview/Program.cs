using System;
using AttrTune;
using AttrTune.Randomness;
using AttrTune.SearchSpaces;
using SpacePreview;

// Shows what the build generated, without training: the descriptor, typed samples, the default and the grid size.
Console.WriteLine(TrainingConfig.Descriptor);

var random = new RandomSource(seed: 42);
Console.WriteLine("Five typed samples (no reflection, straight into TrainingConfig):");
for (int i = 0; i < 5; i++)
{
    TrainingConfig config = TrainingConfig.Sample(random);
    Console.WriteLine($"  {config.ToParameters()}");
}

TrainingConfig baseline = TrainingConfig.CreateDefault();
Console.WriteLine($"Default configuration: {baseline.ToParameters()}");

var gridSize = TrainingConfig.Descriptor.CreateGrid(new GridOptions { ContinuousPoints = 3 }).Count;
Console.WriteLine($"Grid points with 3 per continuous range: {gridSize:N0}");
