using System;
using System.IO;
using System.Reflection;
using System.Text;

namespace AttrTune.Reporting;

/// <summary>
/// The files a rendered study needs, carried inside this assembly so that a report or a dashboard works with no
/// network: plotly.js (from the Plotly.Blazor package, embedded at build time), and AttrTune's own script and
/// stylesheet, which draw the figures, the trial table and the summaries from the study's JSON.
/// </summary>
public static class ReportAssets
{
    private static readonly Lazy<string> PlotlyText = new(() => Read("plotly.min.js"));
    private static readonly Lazy<string> ScriptText = new(() => Read("attrtune.js"));
    private static readonly Lazy<string> StylesheetText = new(() => Read("attrtune.css"));

    /// <summary>The version of the plotly.js bundle carried.</summary>
    public const string PlotlyVersion = "3.7.0";

    /// <summary>plotly.js, minified (the full bundle: contour and parallel-coordinates traces included).</summary>
    public static string Plotly => PlotlyText.Value;

    /// <summary>The script that renders a study page or report (no network access but its own server's API).</summary>
    public static string Script => ScriptText.Value;

    /// <summary>The stylesheet of a study page or report.</summary>
    public static string Stylesheet => StylesheetText.Value;

    private static string Read(string name)
    {
        using Stream stream = typeof(ReportAssets).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The resource {name} is missing from {typeof(ReportAssets).Assembly.GetName().Name}: the assembly was built without it.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>The informational version of AttrTune.Reporting (the package version), shown in a report's footer.</summary>
    public static string Version { get; } =
        typeof(ReportAssets).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";
}
