using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.Playwright;

namespace AttrTune.Dashboard.Tests;

/// <summary>
/// A figure as the browser drew it, read back from the page: plotly's own data (points with both coordinates, the
/// lines of a parallel-coordinates figure), the markers in the SVG, and the axis titles as rendered text.
/// </summary>
public sealed record RenderedFigure(string Key, string Parameter, int Declared, int Plotted, int Markers, int Lines, string? XTitle, string? YTitle, string Title, string? XType, string? YType, IReadOnlyList<string> XTicks)
{
    // Counts from the drawn plot: gd.data is what plotly drew from, path.point the markers it put in the SVG.
    private const string Probe = """
        () => Array.from(document.querySelectorAll('.figure')).map(box => {
          const gd = box.querySelector('.plot');
          let plotted = 0;
          const lines = new Set();
          for (const trace of gd.data || []) {
            if (trace.type === 'contour' || !trace.x) continue;
            for (let i = 0; i < trace.x.length; i++) {
              if (trace.x[i] !== null && trace.x[i] !== undefined && trace.y[i] !== null && trace.y[i] !== undefined) plotted++;
            }
            if (trace.customdata) for (const n of trace.customdata) if (n !== null) lines.add(n);
          }
          const text = selector => { const e = gd.querySelector(selector); return e ? e.textContent : null; };
          return {
            key: box.getAttribute('data-key'),
            parameter: box.getAttribute('data-parameter'),
            declared: Number(box.getAttribute('data-points')),
            plotted: plotted,
            markers: gd.querySelectorAll('.scatterlayer .points path.point').length,
            lines: lines.size,
            xtitle: text('.xtitle'),
            ytitle: text('.ytitle'),
            title: text('.gtitle') || '',
            xtype: gd._fullLayout && gd._fullLayout.xaxis ? gd._fullLayout.xaxis.type : null,
            ytype: gd._fullLayout && gd._fullLayout.yaxis ? gd._fullLayout.yaxis.type : null,
            xticks: Array.from(gd.querySelectorAll('.xtick text')).map(t => t.textContent)
          };
        })
        """;

    /// <summary>Reads every figure once each has its SVG and the figures <paramref name="keys"/> name are there.</summary>
    public static async Task<IReadOnlyList<RenderedFigure>> ReadAsync(IPage page, params string[] keys)
    {
        // Plotly draws asynchronously, and a dashboard adds importances once computed: wait for both.
        await page.WaitForFunctionAsync(
            "keys => document.querySelectorAll('.figure').length > 0 && Array.from(document.querySelectorAll('.figure .plot')).every(p => p.querySelector('.main-svg'))"
            + " && keys.every(k => document.querySelector('.figure[data-key=\"' + k + '\"]'))",
            keys);
        JsonElement figures = await page.EvaluateAsync<JsonElement>(Probe);
        return figures.EnumerateArray().Select(f => new RenderedFigure(
            f.GetProperty("key").GetString()!,
            f.GetProperty("parameter").GetString()!,
            f.GetProperty("declared").GetInt32(),
            f.GetProperty("plotted").GetInt32(),
            f.GetProperty("markers").GetInt32(),
            f.GetProperty("lines").GetInt32(),
            f.GetProperty("xtitle").GetString(),
            f.GetProperty("ytitle").GetString(),
            f.GetProperty("title").GetString()!,
            f.GetProperty("xtype").GetString(),
            f.GetProperty("ytype").GetString(),
            f.GetProperty("xticks").EnumerateArray().Select(t => t.GetString()!).ToList())).ToList();
    }
}
