using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace AttrTune.Reporting.Plots;

/// <summary>
/// Renders a <see cref="Figure"/> as plotly.js JSON: <c>{"key", "parameter", "title", "note", "points", "data",
/// "layout"}</c>, where <c>data</c> and <c>layout</c> go to <c>Plotly.newPlot</c> as they are. The report and the
/// dashboard draw the same JSON.
/// </summary>
/// <remarks>
/// plotly.js reads its text (titles, tick labels, legend and hover text) as a small HTML-like markup, so every text
/// from the study (parameter names, choices, worker names) is written HTML-escaped: plotly shows the entities as the
/// characters, and a name like <c>&lt;b&gt;</c> or <c>&lt;img onerror=…&gt;</c> stays text. The plain
/// <c>title</c>, <c>parameter</c> and <c>note</c> properties are for the page's own script, which sets them as text.
/// Coordinates are written at single precision: a plot needs no more, and a 10,000-trial report stays small.
/// </remarks>
public static class PlotlyJson
{
    /// <summary>The figure as a JSON text.</summary>
    public static string ToJson(Figure figure)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            Write(json, figure);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Writes the figure as one JSON object.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static void Write(Utf8JsonWriter json, Figure figure)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(figure);
        json.WriteStartObject();
        json.WriteString("key", figure.Key);
        json.WriteString("parameter", figure.Parameter);
        json.WriteString("title", figure.Title);
        json.WriteString("note", figure.Note);
        json.WriteNumber("points", figure.PointCount);
        json.WriteStartArray("data");
        if (figure.Kind == FigureKind.ParallelCoordinates)
        {
            WriteParallelCoordinates(json, figure);
        }
        else
        {
            if (figure.Contour is { } contour)
            {
                WriteContour(json, contour);
            }

            foreach (PlotSeries series in figure.Series)
            {
                WriteSeries(json, figure, series);
            }
        }

        json.WriteEndArray();
        WriteLayout(json, figure);
        json.WriteEndObject();
    }

    /// <summary>Escapes text for plotly.js's markup: <c>&amp;</c>, <c>&lt;</c> and <c>&gt;</c> as entities, which it shows as the characters.</summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
    }

    private static void WriteSeries(Utf8JsonWriter json, Figure figure, PlotSeries series)
    {
        json.WriteStartObject();
        json.WriteString("type", series.Kind == SeriesKind.Bars ? "bar" : "scatter");
        if (series.Kind != SeriesKind.Bars)
        {
            json.WriteString("mode", series.Kind switch { SeriesKind.Markers => "markers", SeriesKind.LinesAndMarkers => "lines+markers", _ => "lines" });
            json.WriteBoolean("connectgaps", false);
        }
        else
        {
            // The labels are for hover text; on the bars they would repeat the axis.
            json.WriteString("textposition", "none");
        }

        json.WriteString("name", Escape(series.Name));
        WriteNumbers(json, "x", series.X);
        WriteNumbers(json, "y", series.Y);
        bool categoricalX = figure.X.Scale == AxisScale.Categorical;
        if (categoricalX)
        {
            // Hover shows the choice, not its index.
            json.WriteStartArray("text");
            foreach (double position in series.X)
            {
                json.WriteStringValue(Label(figure.X, position));
            }

            json.WriteEndArray();
        }

        if (!series.TrialNumbers.IsDefaultOrEmpty)
        {
            json.WriteStartArray("customdata");
            foreach (int number in series.TrialNumbers)
            {
                if (number < 0)
                {
                    json.WriteNullValue();
                }
                else
                {
                    json.WriteNumberValue(number);
                }
            }

            json.WriteEndArray();
        }

        string x = categoricalX ? "%{text}" : "%{x}";
        string trial = series.TrialNumbers.IsDefaultOrEmpty ? string.Empty : "trial %{customdata}<br>";
        if (!series.HoverTexts.IsDefaultOrEmpty)
        {
            // Escaped like every other text from the study; the line breaks are plotly's own markup.
            json.WriteStartArray("hovertext");
            foreach (string text in series.HoverTexts)
            {
                json.WriteStringValue(Escape(text ?? string.Empty).Replace("\n", "<br>", StringComparison.Ordinal));
            }

            json.WriteEndArray();
            json.WriteString("hovertemplate", $"{trial}%{{hovertext}}<extra>{Escape(series.Name)}</extra>");
        }
        else
        {
            json.WriteString("hovertemplate", $"{trial}{Escape(figure.X.Title)}: {x}<br>{Escape(figure.Y.Title)}: %{{y}}<extra>{Escape(series.Name)}</extra>");
        }

        if (series.Kind == SeriesKind.LinesAndMarkers)
        {
            json.WriteStartObject("line");
            if (series.Color is { } frontColor)
            {
                json.WriteString("color", frontColor);
            }

            json.WriteNumber("width", 1.5);
            json.WriteEndObject();
        }

        switch (series.Kind)
        {
            case SeriesKind.Lines:
            case SeriesKind.Steps:
                json.WriteStartObject("line");
                if (series.Kind == SeriesKind.Steps)
                {
                    json.WriteString("shape", "hv");
                }

                if (series.Color is { } lineColor)
                {
                    json.WriteString("color", lineColor);
                }

                // Timeline bars and lineage rows are thick; learning curves thin.
                json.WriteNumber("width", figure.Key is "timeline" ? 8 : figure.Key is "pbt-lineage" && series.Name == "member" ? 4 : 1.5);
                json.WriteEndObject();
                break;
            default:
                json.WriteStartObject("marker");
                if (!series.ColorValues.IsDefaultOrEmpty)
                {
                    WriteNumbers(json, "color", series.ColorValues);
                    json.WriteString("colorscale", "Viridis");
                    json.WriteBoolean("showscale", true);
                    json.WriteStartObject("colorbar");
                    json.WriteStartObject("title");
                    json.WriteString("text", Escape(series.ColorTitle ?? string.Empty));
                    json.WriteEndObject();
                    json.WriteEndObject();
                }
                else if (series.Color is { } markerColor)
                {
                    json.WriteString("color", markerColor);
                }

                if (series.Kind is SeriesKind.Markers or SeriesKind.LinesAndMarkers)
                {
                    json.WriteNumber("size", series.Name == "pruned here" || figure.Key is "pbt-lineage" or "pareto-front" ? 9 : 6);
                    if ((series.Symbol ?? (series.Name == "pruned here" ? "x" : null)) is { } symbol)
                    {
                        json.WriteString("symbol", symbol);
                    }
                }

                json.WriteEndObject();
                break;
        }

        json.WriteEndObject();
    }

    private static void WriteContour(Utf8JsonWriter json, ContourGrid contour)
    {
        json.WriteStartObject();
        json.WriteString("type", "contour");
        json.WriteString("name", Escape(contour.Title));
        WriteNumbers(json, "x", contour.X);
        WriteNumbers(json, "y", contour.Y);
        json.WriteStartArray("z");
        for (int iy = 0; iy < contour.Y.Length; iy++)
        {
            json.WriteStartArray();
            for (int ix = 0; ix < contour.X.Length; ix++)
            {
                WriteNumber(json, contour.Z[iy * contour.X.Length + ix]);
            }

            json.WriteEndArray();
        }

        json.WriteEndArray();
        json.WriteString("colorscale", "Viridis");
        json.WriteStartObject("colorbar");
        json.WriteStartObject("title");
        json.WriteString("text", Escape(contour.Title));
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteString("hoverinfo", "skip");
        json.WriteEndObject();
    }

    // Drawn as SVG lines, not plotly's parcoords trace, which needs WebGL: a report must open in any browser (a
    // mail client's, a headless one). A line per trial crosses an axis per dimension at x = 0, 1, ...; lines are
    // grouped into bands of the objective, a band per colour, since a plotly line has one colour. An inactive
    // parameter is a gap: the line is not drawn through that axis.
    private static void WriteParallelCoordinates(Utf8JsonWriter json, Figure figure)
    {
        ImmutableArray<ParallelDimension> dimensions = figure.Dimensions;
        ImmutableArray<double> objective = figure.LineColorValues;
        int lines = objective.Length;
        if (lines == 0 || dimensions.IsEmpty)
        {
            return;
        }

        double low = double.PositiveInfinity, high = double.NegativeInfinity;
        foreach (double value in objective)
        {
            low = Math.Min(low, value);
            high = Math.Max(high, value);
        }

        int[] bandOf = new int[lines];
        for (int l = 0; l < lines; l++)
        {
            bandOf[l] = high > low ? Math.Min(Bands.Length - 1, (int)((objective[l] - low) / (high - low) * Bands.Length)) : 0;
        }

        for (int band = 0; band < Bands.Length; band++)
        {
            if (Array.IndexOf(bandOf, band) < 0)
            {
                continue;
            }

            json.WriteStartObject();
            json.WriteString("type", "scatter");
            json.WriteString("mode", "lines");
            json.WriteBoolean("connectgaps", false);
            json.WriteBoolean("showlegend", false);
            json.WriteNumber("opacity", 0.7);
            json.WriteStartObject("line");
            json.WriteString("color", Bands[band]);
            json.WriteNumber("width", 1.2);
            json.WriteEndObject();
            json.WriteString("hovertemplate", "trial %{customdata}<extra></extra>");
            var x = new System.Collections.Generic.List<double>();
            var y = new System.Collections.Generic.List<double>();
            json.WriteStartArray("customdata");
            bool first = true;
            for (int l = 0; l < lines; l++)
            {
                if (bandOf[l] != band)
                {
                    continue;
                }

                if (!first)
                {
                    x.Add(double.NaN);
                    y.Add(double.NaN);
                    json.WriteNullValue();
                }

                first = false;
                for (int d = 0; d < dimensions.Length; d++)
                {
                    ParallelDimension dimension = dimensions[d];
                    double span = dimension.High - dimension.Low;
                    double value = dimension.Values[l];
                    x.Add(d);

                    // A position on an axis a few hundred pixels tall: four decimals are more than enough, and
                    // keep the figure of 10,000 trials small.
                    y.Add(Math.Round(span > 0 ? (value - dimension.Low) / span : 0.5, 4));
                    json.WriteNumberValue(NumberOfLine(figure, l));
                }
            }

            json.WriteEndArray();
            WriteNumbers(json, "x", x.ToImmutableArray());
            WriteNumbers(json, "y", y.ToImmutableArray());
            json.WriteEndObject();
        }

        // A marker-less trace whose only purpose is the colour bar of the objective.
        json.WriteStartObject();
        json.WriteString("type", "scatter");
        json.WriteString("mode", "markers");
        json.WriteBoolean("showlegend", false);
        json.WriteString("hoverinfo", "skip");
        json.WriteStartArray("x");
        json.WriteNullValue();
        json.WriteEndArray();
        json.WriteStartArray("y");
        json.WriteNullValue();
        json.WriteEndArray();
        json.WriteStartObject("marker");
        json.WriteStartArray("color");
        WriteNumber(json, low);
        WriteNumber(json, high);
        json.WriteEndArray();
        json.WriteNumber("cmin", (float)low);
        json.WriteNumber("cmax", (float)(high > low ? high : low + 1));
        json.WriteString("colorscale", "Viridis");
        json.WriteBoolean("showscale", true);
        json.WriteStartObject("colorbar");
        json.WriteStartObject("title");
        json.WriteString("text", Escape(figure.Y?.Title ?? StudyFigures.ObjectiveTitle));
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    // The trial of line l: parallel-coordinates figures list lines in the order of Figure.LineTrialNumbers.
    private static int NumberOfLine(Figure figure, int line) => figure.LineTrialNumbers.IsDefaultOrEmpty ? line : figure.LineTrialNumbers[line];

    // Viridis at the centres of eight bands, low (dark) to high (yellow), as the colour bar shows it.
    private static readonly string[] Bands = ["#46085c", "#471e72", "#3e4a89", "#31678e", "#26828e", "#1f9e89", "#6cce59", "#d8e219"];

    private static void WriteLayout(Utf8JsonWriter json, Figure figure)
    {
        json.WriteStartObject("layout");
        json.WriteStartObject("title");
        json.WriteString("text", Escape(figure.Title));
        json.WriteEndObject();
        json.WriteNumber("height", figure.Key == "timeline" || figure.Key == "pbt-lineage" ? Math.Clamp(120 + 22 * figure.Y.Categories.Length, 300, 900) : 380);
        json.WriteStartObject("margin");
        json.WriteNumber("l", 70);
        json.WriteNumber("r", 30);
        json.WriteNumber("t", 50);
        json.WriteNumber("b", 60);
        json.WriteEndObject();
        json.WriteString("hovermode", "closest");
        json.WriteBoolean("showlegend", figure.Kind == FigureKind.Cartesian && figure.Series.Length > 1);
        json.WriteStartObject("legend");
        json.WriteString("orientation", "h");
        json.WriteNumber("y", -0.25);
        json.WriteEndObject();
        if (figure.Kind == FigureKind.Cartesian)
        {
            WriteAxis(json, "xaxis", figure.X);
            WriteAxis(json, "yaxis", figure.Y);
        }
        else
        {
            WriteParallelAxes(json, figure.Dimensions);
        }

        json.WriteEndObject();
    }

    // An axis per dimension: its title under it (the x axis's tick labels) and its ticks beside it (annotations).
    private static void WriteParallelAxes(Utf8JsonWriter json, ImmutableArray<ParallelDimension> dimensions)
    {
        WriteAxis(json, "xaxis", new PlotAxis
        {
            Title = string.Empty,
            Scale = AxisScale.Categorical,
            Categories = dimensions.Select(d => d.Title).ToImmutableArray(),
        });
        json.WriteStartObject("yaxis");
        json.WriteBoolean("visible", false);
        json.WriteStartArray("range");
        json.WriteNumberValue(-0.05);
        json.WriteNumberValue(1.05);
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteStartArray("annotations");
        for (int d = 0; d < dimensions.Length; d++)
        {
            ParallelDimension dimension = dimensions[d];
            double span = dimension.High - dimension.Low;
            for (int t = 0; t < dimension.TickValues.Length; t++)
            {
                json.WriteStartObject();
                json.WriteNumber("x", d);
                WriteNumberProperty(json, "y", span > 0 ? (dimension.TickValues[t] - dimension.Low) / span : 0.5);
                json.WriteString("text", Escape(dimension.TickLabels[t]));
                json.WriteBoolean("showarrow", false);
                json.WriteString("xanchor", "right");
                json.WriteNumber("xshift", -3);
                json.WriteStartObject("font");
                json.WriteNumber("size", 10);
                json.WriteEndObject();
                json.WriteEndObject();
            }
        }

        json.WriteEndArray();
    }

    private static void WriteNumberProperty(Utf8JsonWriter json, string name, double value)
    {
        json.WritePropertyName(name);
        WriteNumber(json, value);
    }

    private static void WriteAxis(Utf8JsonWriter json, string name, PlotAxis axis)
    {
        json.WriteStartObject(name);
        json.WriteStartObject("title");
        json.WriteString("text", Escape(axis.Title));
        json.WriteEndObject();
        json.WriteBoolean("automargin", true);
        json.WriteBoolean("zeroline", false);
        switch (axis.Scale)
        {
            case AxisScale.Log:
                json.WriteString("type", "log");
                break;
            case AxisScale.Categorical:
                // Choices sit at their indices, labelled, with nothing in between.
                json.WriteString("type", "linear");
                json.WriteString("tickmode", "array");
                json.WriteStartArray("tickvals");
                for (int k = 0; k < axis.Categories.Length; k++)
                {
                    json.WriteNumberValue(k);
                }

                json.WriteEndArray();
                json.WriteStartArray("ticktext");
                foreach (string category in axis.Categories)
                {
                    json.WriteStringValue(Escape(category));
                }

                json.WriteEndArray();
                json.WriteStartArray("range");
                json.WriteNumberValue(-0.5);
                json.WriteNumberValue(Math.Max(axis.Categories.Length, 1) - 0.5);
                json.WriteEndArray();
                break;
            default:
                json.WriteString("type", "linear");
                break;
        }

        json.WriteEndObject();
    }

    private static string Label(PlotAxis axis, double position)
    {
        int index = (int)Math.Round(position);
        return double.IsFinite(position) && index >= 0 && index < axis.Categories.Length ? Escape(axis.Categories[index]) : string.Empty;
    }

    private static void WriteNumbers(Utf8JsonWriter json, string name, ImmutableArray<double> values)
    {
        json.WriteStartArray(name);
        foreach (double value in values.IsDefault ? ImmutableArray<double>.Empty : values)
        {
            WriteNumber(json, value);
        }

        json.WriteEndArray();
    }

    // NaN (a gap) and infinities as null, which plotly leaves undrawn; single precision where it holds the value's magnitude.
    private static void WriteNumber(Utf8JsonWriter json, double value)
    {
        if (!double.IsFinite(value))
        {
            json.WriteNullValue();
        }
        else if (Math.Abs(value) is < float.MaxValue and (> 1e-30 or 0))
        {
            json.WriteNumberValue((float)value);
        }
        else
        {
            json.WriteNumberValue(value);
        }
    }
}
