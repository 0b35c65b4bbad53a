using System.Text.Encodings.Web;

namespace AttrTune.Reporting;

/// <summary>The static part of a study page; the script fills the sections from the study's JSON.</summary>
internal static class PageSkeleton
{
    public static string Study(string name, HtmlEncoder html) => $"""
        <header><h1>AttrTune study <span class="study-name">{html.Encode(name)}</span></h1></header>
        <main id="attrtune-main">
        <noscript><p>This page draws its plots and tables with JavaScript; enable it to see them.</p></noscript>
        </main>

        """;
}
