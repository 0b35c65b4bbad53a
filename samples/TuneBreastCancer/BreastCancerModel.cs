using System;
using System.Linq;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace TuneBreastCancer;

/// <summary>Loads the data, cross-validates a configuration, and scores it on held-out data.</summary>
public sealed class BreastCancerModel
{
    private const int FeatureCount = 30;
    private readonly MLContext _context = new(seed: 1);

    public BreastCancerModel(string csvPath)
    {
        var loader = _context.Data.CreateTextLoader(
            new TextLoader.Options
            {
                HasHeader = true,
                Separators = new[] { ',' },
                Columns = new[]
                {
                    new TextLoader.Column("Features", DataKind.Single, 0, FeatureCount - 1),
                    new TextLoader.Column("LabelValue", DataKind.Single, FeatureCount),
                },
            });
        IDataView all = loader.Load(csvPath);
        DataOperationsCatalog.TrainTestData split = _context.Data.TrainTestSplit(all, testFraction: 0.2, seed: 7);
        Train = _context.Data.Cache(split.TrainSet);
        Test = _context.Data.Cache(split.TestSet);
        TrainRows = Count(Train);
        TestRows = Count(Test);
    }

    public IDataView Train { get; }

    public IDataView Test { get; }

    public long TrainRows { get; }

    public long TestRows { get; }

    /// <summary>Mean log-loss over k folds of the training set (lower is better), and the mean accuracy.</summary>
    public (double LogLoss, double Accuracy) CrossValidate(BoostedTreesConfig config, int folds)
    {
        // One MLContext per evaluation: contexts are not meant to be shared across threads.
        var context = new MLContext(seed: 1);
        var results = context.BinaryClassification.CrossValidate(Train, Pipeline(context, config), numberOfFolds: folds, labelColumnName: "Label", seed: 3);
        return (results.Average(r => r.Metrics.LogLoss), results.Average(r => r.Metrics.Accuracy));
    }

    /// <summary>Trains on the whole training set and scores the held-out test set.</summary>
    public CalibratedBinaryClassificationMetrics TestScore(BoostedTreesConfig config)
    {
        var context = new MLContext(seed: 1);
        ITransformer model = Pipeline(context, config).Fit(Train);
        return context.BinaryClassification.Evaluate(model.Transform(Test), labelColumnName: "Label");
    }

    private static IEstimator<ITransformer> Pipeline(MLContext context, BoostedTreesConfig config)
    {
        var options = new FastTreeBinaryTrainer.Options
        {
            LabelColumnName = "Label",
            FeatureColumnName = "Features",
            NumberOfLeaves = config.NumberOfLeaves,
            NumberOfTrees = config.NumberOfTrees,
            LearningRate = config.LearningRate,
            MinimumExampleCountPerLeaf = config.MinimumExampleCountPerLeaf,
            FeatureFraction = config.FeatureFraction,
            BaggingSize = config.Bagging ? 1 : 0,
            BaggingExampleFraction = config.BaggingFraction,
            NumberOfThreads = 1,
            Seed = 11,
        };
        return context.Transforms.Conversion.ConvertType("Label", "LabelValue", DataKind.Boolean)
            .Append(context.BinaryClassification.Trainers.FastTree(options));
    }

    private long Count(IDataView data) => data.GetColumn<float>("LabelValue").LongCount();
}
