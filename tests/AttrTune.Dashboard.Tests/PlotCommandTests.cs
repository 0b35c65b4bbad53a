using System;
using System.Buffers.Binary;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using AttrTune.Cli.Tests;
using AttrTune.Storage;
using Xunit;

namespace AttrTune.Dashboard.Tests;

/// <summary><c>attrtune plot</c> as installed: images a document can embed, read back with standard parsers.</summary>
public sealed class PlotCommandTests
{
    private static InstalledTool Tool => InstalledTool.Shared;

    [Fact]
    public void A_slice_as_svg_has_its_title_its_axis_labels_and_a_marker_per_point()
    {
        string file = Path.Combine(Tool.WorkDirectory, "slice.svg");
        ProcessResult result = Tool.Run("plot", "demo", "slice", "--param", "LearningRate", "--storage", InstalledTool.StorageUrl, "-o", "slice.svg");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(file, result.Output.Trim());
        XDocument svg = XDocument.Load(file);
        string[] texts = svg.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value.Trim()).ToArray();
        Assert.Contains("Slice: LearningRate", texts);
        Assert.Contains("LearningRate", texts);
        Assert.Contains("objective value", texts);

        using var storage = new SqliteStorage(Tool.StudyFile);
        StudyRecord demo = storage.FindStudy("demo")!;
        int active = storage.GetTrials(demo.Id).Count(t => t.State == TrialState.Complete && t.Parameters.ContainsKey("LearningRate"));
        Assert.Contains($"({active} points)", result.Error, StringComparison.Ordinal);

        // ScottPlot draws each marker as an ellipse, and one more in the legend.
        Assert.Equal(active + 1, svg.Descendants().Count(e => e.Name.LocalName == "ellipse"));
    }

    [Fact]
    public void History_as_png_is_an_image_of_the_size_asked_for()
    {
        ProcessResult result = Tool.Run("plot", "demo", "history", "--storage", InstalledTool.StorageUrl, "-o", "history.png", "--width", "640", "--height", "400");
        Assert.True(result.ExitCode == 0, result.ToString());
        byte[] png = File.ReadAllBytes(Path.Combine(Tool.WorkDirectory, "history.png"));
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Assert.Equal(640, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)));
        Assert.Equal(400, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)));
    }

    [Fact]
    public void A_wrong_plot_or_format_is_a_usage_error()
    {
        Assert.Equal(2, Tool.Run("plot", "demo", "pie", "--storage", InstalledTool.StorageUrl, "-o", "x.png").ExitCode);
        Assert.Equal(2, Tool.Run("plot", "demo", "history", "--storage", InstalledTool.StorageUrl, "-o", "x.gif").ExitCode);
        Assert.Equal(2, Tool.Run("plot", "demo", "pbt-lineage", "--storage", InstalledTool.StorageUrl, "-o", "x.png").ExitCode);
        Assert.Equal(6, Tool.Run("plot", "nope", "history", "--storage", InstalledTool.StorageUrl, "-o", "x.png").ExitCode);
    }
}
