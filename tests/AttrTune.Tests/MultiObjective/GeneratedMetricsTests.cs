using System;
using System.Linq;
using AttrTune.MultiObjective;
using CsCheck;
using Xunit;

namespace AttrTune.Tests.MultiObjective;

/// <summary>The metrics types below as a user writes them, one per form the generator handles.</summary>
[Metrics]
public partial record ModelMetrics
{
    [Minimize] public double LogLoss { get; init; }
    [Maximize] public double Accuracy { get; init; }
    [Constraint(Max = 5)] public double LatencyMs { get; init; }
    [Minimize, Constraint(Max = 1e6, AlsoObjective = true)] public long ModelSize { get; init; }
    public string? Note { get; init; }
}

/// <summary>A positional record: one parameter marked through <c>property:</c>, one without.</summary>
[Metrics]
public partial record PairMetrics([property: Minimize] double A, [Maximize] float B, string? Label = null);

/// <summary>A class with settable properties and every bound form.</summary>
[Metrics]
public partial class ClassMetrics
{
    [Maximize] public int Hits { get; set; }
    [Constraint] public double Slack { get; set; }
    [Constraint(Min = -1, Max = 1)] public double Drift { get; set; }
    [Constraint(Min = 0)] public float Floor { get; set; }
}

/// <summary>
/// The generated <see cref="IMetrics{TSelf}"/> implementations: descriptors as written by hand, exact round trips
/// through stored values, and the descriptor's own checks and constraint conventions.
/// </summary>
public class GeneratedMetricsTests
{
    // Longs come back exactly within ±2^53, the integers a double holds.
    private const long ExactLong = 1L << 53;

    private static MetricsDescriptor Descriptor<T>()
        where T : IMetrics<T> => T.MetricsDescriptor;

    [Fact]
    public void The_generated_descriptor_is_the_one_written_by_hand()
    {
        var expected = new MetricsDescriptor("AttrTune.Tests.MultiObjective.ModelMetrics", new[]
        {
            new MetricDescriptor("LogLoss", StudyDirection.Minimize),
            new MetricDescriptor("Accuracy", StudyDirection.Maximize),
            new MetricDescriptor("LatencyMs", null, IsConstraint: true, Max: 5),
            new MetricDescriptor("ModelSize", StudyDirection.Minimize, IsConstraint: true, Max: 1e6),
        });
        AssertSame(expected, Descriptor<ModelMetrics>());
        Assert.Same(ModelMetrics.MetricsDescriptor, Descriptor<ModelMetrics>());
        Assert.Equal(new[] { "LogLoss", "Accuracy", "ModelSize" }, ModelMetrics.MetricsDescriptor.Objectives.Select(o => o.Name));
        Assert.Equal(new[] { "LatencyMs", "ModelSize" }, ModelMetrics.MetricsDescriptor.Constraints.Select(o => o.Name));

        AssertSame(
            new MetricsDescriptor("AttrTune.Tests.MultiObjective.PairMetrics", new[]
            {
                new MetricDescriptor("A", StudyDirection.Minimize),
                new MetricDescriptor("B", StudyDirection.Maximize),
            }),
            PairMetrics.MetricsDescriptor);
        AssertSame(
            new MetricsDescriptor("AttrTune.Tests.MultiObjective.ClassMetrics", new[]
            {
                new MetricDescriptor("Hits", StudyDirection.Maximize),
                new MetricDescriptor("Slack", null, IsConstraint: true),
                new MetricDescriptor("Drift", null, IsConstraint: true, Min: -1, Max: 1),
                new MetricDescriptor("Floor", null, IsConstraint: true, Min: 0),
            }),
            ClassMetrics.MetricsDescriptor);
    }

    [Fact]
    public void Values_are_written_as_returned_and_a_metric_that_is_both_is_read_from_its_objective()
    {
        var metrics = new ModelMetrics { LogLoss = 0.25, Accuracy = 0.9, LatencyMs = 7, ModelSize = 123_456, Note = "not stored" };
        var objectives = new double[3];
        var constraints = new double[2];
        metrics.WriteValues(objectives, constraints);
        Assert.Equal(new[] { 0.25, 0.9, 123_456 }, objectives);
        Assert.Equal(new[] { 7, 123_456.0 }, constraints);

        // The constraint slot disagrees on purpose: the objective's value wins, and Note comes back as its default.
        ModelMetrics back = ModelMetrics.FromValues(objectives, new[] { 7, 99.0 });
        Assert.Equal(metrics with { Note = null }, back);
    }

    [Fact]
    public void Spans_of_the_wrong_length_are_refused_with_the_counts()
    {
        var error = Assert.Throws<ArgumentException>(() => ModelMetrics.FromValues(new double[2], new double[2]));
        Assert.Equal("AttrTune.Tests.MultiObjective.ModelMetrics has 3 objectives and 2 constraints, got 2 objective and 2 constraint values.", error.Message);
        Assert.Throws<ArgumentException>(() => new PairMetrics(1, 2).WriteValues(new double[2], new double[1]));
    }

    [Fact]
    public void A_record_with_init_properties_round_trips_exactly() =>
        Gen.Select(Gen.Double, Gen.Double, Gen.Double, Gen.Long[-ExactLong, ExactLong]).Sample((logLoss, accuracy, latency, size) =>
        {
            var metrics = new ModelMetrics { LogLoss = logLoss, Accuracy = accuracy, LatencyMs = latency, ModelSize = size };
            ModelMetrics back = RoundTrip(metrics);
            Assert.Equal(Bits(logLoss), Bits(back.LogLoss));
            Assert.Equal(Bits(accuracy), Bits(back.Accuracy));
            Assert.Equal(Bits(latency), Bits(back.LatencyMs));
            Assert.Equal(size, back.ModelSize);
        });

    [Fact]
    public void A_positional_record_round_trips_exactly() =>
        Gen.Select(Gen.Double, Gen.Float).Sample((a, b) =>
        {
            PairMetrics back = RoundTrip(new PairMetrics(a, b, "dropped"));
            Assert.Equal(Bits(a), Bits(back.A));
            Assert.Equal(BitConverter.SingleToInt32Bits(b), BitConverter.SingleToInt32Bits(back.B));
            Assert.Null(back.Label);
        });

    [Fact]
    public void A_class_round_trips_exactly() =>
        Gen.Select(Gen.Int, Gen.Double, Gen.Double, Gen.Float).Sample((hits, slack, drift, floor) =>
        {
            ClassMetrics back = RoundTrip(new ClassMetrics { Hits = hits, Slack = slack, Drift = drift, Floor = floor });
            Assert.Equal(hits, back.Hits);
            Assert.Equal(Bits(slack), Bits(back.Slack));
            Assert.Equal(Bits(drift), Bits(back.Drift));
            Assert.Equal(BitConverter.SingleToInt32Bits(floor), BitConverter.SingleToInt32Bits(back.Floor));
        });

    [Theory]
    [InlineData(double.MaxValue)]
    [InlineData(double.Epsilon)]
    [InlineData(-double.Epsilon)]
    [InlineData(1e-300)]
    [InlineData(-0.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Extreme_doubles_round_trip_bit_for_bit(double value)
    {
        ModelMetrics back = RoundTrip(new ModelMetrics { LogLoss = value, Accuracy = value, LatencyMs = value, ModelSize = -ExactLong });
        Assert.Equal(Bits(value), Bits(back.LogLoss));
        Assert.Equal(Bits(value), Bits(back.LatencyMs));
        Assert.Equal(-ExactLong, back.ModelSize);
    }

    [Fact]
    public void The_generated_descriptor_round_trips_through_json()
    {
        foreach (MetricsDescriptor descriptor in new[] { ModelMetrics.MetricsDescriptor, PairMetrics.MetricsDescriptor, ClassMetrics.MetricsDescriptor })
        {
            MetricsDescriptor back = MetricsDescriptor.FromJson(descriptor.ToJson());
            AssertSame(descriptor, back);
            Assert.Equal(descriptor.ToJson(), back.ToJson());
        }
    }

    [Fact]
    public void A_descriptor_without_objective_names_the_type_and_the_rule()
    {
        var error = Assert.Throws<ArgumentException>(() => new MetricsDescriptor("Demo.M", new[] { new MetricDescriptor("LatencyMs", null, IsConstraint: true, Max: 5) }));
        Assert.StartsWith("Metrics type 'Demo.M' has no objective: mark at least one property [Minimize] or [Maximize].", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_used_twice_is_named()
    {
        var error = Assert.Throws<ArgumentException>(() => new MetricsDescriptor("Demo.M", new[]
        {
            new MetricDescriptor("Loss", StudyDirection.Minimize),
            new MetricDescriptor("Loss", StudyDirection.Maximize),
        }));
        Assert.StartsWith("Metrics type 'Demo.M': the metric name 'Loss' is used twice; every metric needs its own name.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reversed_and_infinite_bounds_are_named_with_their_values()
    {
        var reversed = Assert.Throws<ArgumentException>(() => new MetricsDescriptor("Demo.M", new[]
        {
            new MetricDescriptor("Loss", StudyDirection.Minimize),
            new MetricDescriptor("LatencyMs", null, IsConstraint: true, Min: 5, Max: 1.5),
        }));
        Assert.StartsWith("Metrics type 'Demo.M': constraint 'LatencyMs' needs Min ≤ Max, got Min = 5 and Max = 1.5.", reversed.Message, StringComparison.Ordinal);

        var infinite = Assert.Throws<ArgumentException>(() => new MetricsDescriptor("Demo.M", new[]
        {
            new MetricDescriptor("Loss", StudyDirection.Minimize),
            new MetricDescriptor("LatencyMs", null, IsConstraint: true, Max: double.PositiveInfinity),
        }));
        Assert.StartsWith("Metrics type 'Demo.M': the bounds of constraint 'LatencyMs' must be finite numbers, got Min = none and Max = Infinity.", infinite.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constraint_functions_follow_each_bound_form_and_nan_is_never_feasible()
    {
        // Slack: ≤ 0; Drift: in [-1, 1]; Floor: ≥ 0.
        MetricsDescriptor d = ClassMetrics.MetricsDescriptor;
        Assert.Equal(new[] { -2.0, -0.5, -3 }, d.ConstraintFunctions(new[] { -2.0, 0.5, 3 }));
        Assert.Equal(new[] { 2.0, 1, 3 }, d.ConstraintFunctions(new[] { 2.0, 2, -3 }));
        Assert.Equal(new[] { 0.0, 0, 0 }, d.ConstraintFunctions(new[] { 0.0, -1, 0 }));
        Assert.Equal(1.0, d.ConstraintFunctions(new[] { 0.0, -2, 0 })[1]);
        Assert.All(d.ConstraintFunctions(new[] { double.NaN, double.NaN, double.NaN }), f => Assert.True(double.IsNaN(f)));
        Assert.Equal(0, d.Violation(new[] { -1.0, 0, 1 }));
        Assert.Equal(6, d.Violation(new[] { 2.0, 2, -3 }));
        Assert.Equal(double.PositiveInfinity, d.Violation(new[] { -1.0, double.NaN, 1 }));

        // Max only, from the generated type: value - Max.
        Assert.Equal(new[] { 2.0, -1e6 + 5 }, ModelMetrics.MetricsDescriptor.ConstraintFunctions(new[] { 7.0, 5 }));
        Assert.True(double.IsNaN(ModelMetrics.MetricsDescriptor.ConstraintFunctions(new[] { double.NaN, 0 })[0]));
    }

    private static T RoundTrip<T>(T metrics)
        where T : IMetrics<T>
    {
        var objectives = new double[T.MetricsDescriptor.Objectives.Count];
        var constraints = new double[T.MetricsDescriptor.Constraints.Count];
        metrics.WriteValues(objectives, constraints);
        return T.FromValues(objectives, constraints);
    }

    private static long Bits(double value) => BitConverter.DoubleToInt64Bits(value);

    private static void AssertSame(MetricsDescriptor expected, MetricsDescriptor actual)
    {
        Assert.Equal(expected.TypeName, actual.TypeName);
        Assert.Equal(expected.Metrics, actual.Metrics);
        Assert.Equal(expected.Directions, actual.Directions);
        Assert.True(expected.IsCompatibleWith(actual));
        Assert.Equal(expected.ToString(), actual.ToString());
    }
}
