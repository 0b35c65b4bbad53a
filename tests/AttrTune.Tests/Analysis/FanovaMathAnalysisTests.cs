using AttrTune.Analysis;
using Xunit;

namespace AttrTune.Tests.Analysis;

/// <summary>The functional ANOVA of hand-built trees, against variances computed by hand.</summary>
public sealed class FanovaMathAnalysisTests
{
    // x0 <= 0.5 -> 0; else x1 <= 0.25 -> 4, else 8. Leaves: volume 0.5 value 0, 0.125 value 4, 0.375 value 8.
    private static readonly RegressionTree Numeric = new(
        feature: [0, -1, 1, -1, -1],
        threshold: [0.5, 0, 0.25, 0, 0],
        leftChoices: [0, 0, 0, 0, 0],
        left: [1, -1, 3, -1, -1],
        right: [2, -1, 4, -1, -1],
        value: [0, 0, 0, 4, 8]);

    [Fact]
    public void Variances_and_main_effects_of_a_numeric_tree_are_the_hand_computed_ones()
    {
        var layout = new FeatureTable([new double[1], new double[1]], [0, 0], 1);
        TreePartition partition = TreePartition.Of(Numeric, layout);
        double mean = partition.Mean();

        // Mean 0.5*0 + 0.125*4 + 0.375*8 = 3.5; variance 0.5*3.5^2 + 0.125*0.5^2 + 0.375*4.5^2 = 13.75.
        Assert.Equal(3.5, mean, 12);
        Assert.Equal(13.75, partition.Variance(mean), 12);

        // x0's main effect: 0 below 0.5, 0.25*4 + 0.75*8 = 7 above: variance 0.5*3.5^2 + 0.5*3.5^2 = 12.25.
        Assert.Equal(12.25, partition.MarginalVariance(0, mean), 12);

        // x1's main effect: 0.5*0 + 0.5*4 = 2 below 0.25, 0.5*0 + 0.5*8 = 4 above: 0.25*1.5^2 + 0.75*0.5^2 = 0.75.
        Assert.Equal(0.75, partition.MarginalVariance(1, mean), 12);

        // The two-parameter marginal of a two-parameter tree is the tree itself.
        var sum = new double[4];
        partition.AddPairMarginal(0, 1, [0.25, 0.75], [0.1, 0.9], sum);
        Assert.Equal([0.0, 4, 0, 8], sum);
    }

    [Fact]
    public void A_categorical_split_averages_over_the_choices_of_each_side()
    {
        // Choice 0 -> 0, choices 1 and 2 -> 3 (of three choices), and a numeric column the tree never uses.
        var tree = new RegressionTree([0, -1, -1], [0, 0, 0], [1UL, 0, 0], [1, -1, -1], [2, -1, -1], [0, 0, 3]);
        var layout = new FeatureTable([new double[1], new double[1]], [3, 0], 1);
        TreePartition partition = TreePartition.Of(tree, layout);
        double mean = partition.Mean();

        // Mean 1/3*0 + 2/3*3 = 2; variance 1/3*4 + 2/3*1 = 2, all of it the choice's.
        Assert.Equal(2, mean, 12);
        Assert.Equal(2, partition.Variance(mean), 12);
        Assert.Equal(2, partition.MarginalVariance(0, mean), 12);
        Assert.Equal(0, partition.MarginalVariance(1, mean), 12);
    }

    [Fact]
    public void A_forest_of_full_trees_reproduces_its_training_rows()
    {
        // Distinct rows and leaves of one row: every tree predicts a training row with the value of a row equal to
        // it, so the forest interpolates as long as each row was drawn by some tree.
        double[] x = [0.1, 0.3, 0.5, 0.7, 0.9];
        double[] y = [1, 5, 2, 8, 3];
        var table = new FeatureTable([x], [0], 5);
        RegressionForest forest = RegressionForest.Fit(table, y, 200, 64, 1, 1.0, 3);
        for (int i = 0; i < x.Length; i++)
        {
            Assert.InRange(forest.Predict([x[i]]), y[i] - 3, y[i] + 3);
        }

        // A constant target gives trees of one leaf.
        RegressionForest flat = RegressionForest.Fit(table, [2, 2, 2, 2, 2], 4, 64, 1, 1.0, 3);
        Assert.All(flat.Trees, t => Assert.Equal(1, t.NodeCount));
    }
}
