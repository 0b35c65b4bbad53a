using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using AttrTune.Reporting;
using AttrTune.Reporting.Plots;
using AttrTune.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AttrTune.Cli.Dashboard;

/// <summary>
/// The dashboard: an ASP.NET Core app on Kestrel with server-rendered pages, a JSON API that pages the trial table,
/// and the report's script, which draws the study from the API and polls it once a second.
/// </summary>
/// <remarks>
/// Secure by default: it listens on 127.0.0.1 only (another address is the user's explicit choice, warned about),
/// answers only to a Host header naming a loopback address while it does (a web page cannot reach it through DNS
/// rebinding), only reads unless started with <c>--allow-writes</c> (and then accepts writes only from its own pages:
/// a JSON POST with a header no other origin can send without the preflight it does not answer), and sends a
/// Content-Security-Policy that runs no script but its own files and connects nowhere else.
/// </remarks>
internal sealed class DashboardServer : IAsyncDisposable
{
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static readonly Dictionary<string, (byte[] Content, string Type)> Assets = new(StringComparer.Ordinal)
    {
        ["/static/plotly.min.js"] = (Encoding.UTF8.GetBytes(ReportAssets.Plotly), "text/javascript; charset=utf-8"),
        ["/static/attrtune.js"] = (Encoding.UTF8.GetBytes(ReportAssets.Script), "text/javascript; charset=utf-8"),
        ["/static/attrtune.css"] = (Encoding.UTF8.GetBytes(ReportAssets.Stylesheet), "text/css; charset=utf-8"),
    };

    private readonly WebApplication _app;
    private readonly StudyViews _views;
    private readonly string _storageDisplay;
    private readonly bool _allowWrites;
    private readonly bool _loopbackOnly;

    public DashboardServer(StudyViews views, string storageDisplay, IPAddress address, int port, bool allowWrites)
    {
        _views = views;
        _storageDisplay = storageDisplay;
        _allowWrites = allowWrites;
        _loopbackOnly = IPAddress.IsLoopback(address);
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            // Nothing from the current folder or the command line configures the server: only these options do.
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = "Production",
        });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(address, port);
        });
        _app = builder.Build();
        _app.Use(Guard);
        _app.MapGet("/", StudiesPage);
        _app.MapGet("/study", StudyPage);
        _app.MapGet("/trial", TrialPage);
        _app.MapGet("/static/{file}", Asset);
        _app.MapGet("/api/studies", StudiesApi);
        _app.MapGet("/api/study", StudyApi);
        _app.MapGet("/api/version", VersionApi);
        _app.MapGet("/api/trials", TrialsApi);
        _app.MapGet("/api/contour", ContourApi);
        _app.MapPost("/api/delete", DeleteApi);
        _app.MapPost("/api/rename", RenameApi);
    }

    /// <summary>The URL the dashboard answers on, known once started (the port when 0 was asked for).</summary>
    public string Url =>
        _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().Replace("[::]", "localhost", StringComparison.Ordinal) + "/";

    public Task StartAsync(CancellationToken cancellationToken) => _app.StartAsync(cancellationToken);

    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => _app.WaitForShutdownAsync(cancellationToken);

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private async Task Guard(HttpContext context, RequestDelegate next)
    {
        IHeaderDictionary headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        if (_loopbackOnly && !IsLoopbackHost(context.Request.Host.Host))
        {
            // A page of another site resolving its own name to 127.0.0.1 (DNS rebinding) sends its own name here.
            context.Response.StatusCode = StatusCodes.Status421MisdirectedRequest;
            await context.Response.WriteAsync("This dashboard answers to localhost and 127.0.0.1 only.", context.RequestAborted);
            return;
        }

        await next(context);
    }

    private static bool IsLoopbackHost(string host) =>
        host is "localhost" or "[::1]" or "::1" || (IPAddress.TryParse(host, out IPAddress? address) && IPAddress.IsLoopback(address));

    private Task StudiesPage(HttpContext context)
    {
        var studies = _views.Storage.GetStudyNames()
            .Select(name => _views.FindRecord(name))
            .OfType<StudyRecord>()
            // Straight from storage: a view would start building every listed study's document and importances.
            .Select(record => (record, StudyStorage.GetTrialsInCurrentSpace(_views.Storage, record)))
            .ToList();
        return Html(context, DashboardPages.Studies(studies, _storageDisplay));
    }

    private Task StudyPage(HttpContext context)
    {
        string? name = context.Request.Query["name"];
        if (name is null || _views.FindRecord(name) is not { } record)
        {
            return Html(context, DashboardPages.Message("No such study", $"{_storageDisplay} holds no study named '{name}'."), StatusCodes.Status404NotFound);
        }

        if (record.SpaceJson is null)
        {
            return Html(context, DashboardPages.Message("No search space", $"Study '{record.Name}' was stored by a release that did not keep its search space; the dashboard needs it to draw the study. `attrtune show` and `attrtune trials` read it."), StatusCodes.Status404NotFound);
        }

        return Html(context, DashboardPages.Study(record.Name, _allowWrites));
    }

    private Task TrialPage(HttpContext context)
    {
        string? name = context.Request.Query["study"];
        StudyView? view = name is null ? null : _views.Find(name);
        if (view is null)
        {
            return Html(context, DashboardPages.Message("No such study", $"{_storageDisplay} holds no study named '{name}' with a stored search space."), StatusCodes.Status404NotFound);
        }

        if (!int.TryParse(context.Request.Query["number"], NumberStyles.None, CultureInfo.InvariantCulture, out int number)
            || view.Trials.FirstOrDefault(t => t.Number == number) is not { } trial)
        {
            return Html(context, DashboardPages.Message("No such trial", $"Study '{view.Record.Name}' has no trial numbered '{context.Request.Query["number"]}'."), StatusCodes.Status404NotFound);
        }

        return Html(context, DashboardPages.Trial(view.Record, view.Space, trial));
    }

    private static Task Asset(HttpContext context, string file)
    {
        if (!Assets.TryGetValue("/static/" + file, out (byte[] Content, string Type) asset))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        context.Response.ContentType = asset.Type;
        context.Response.Headers.CacheControl = "public, max-age=3600";
        return context.Response.Body.WriteAsync(asset.Content, context.RequestAborted).AsTask();
    }

    private Task StudiesApi(HttpContext context) => Json(context, json =>
    {
        json.WriteStartArray();
        foreach (string name in _views.Storage.GetStudyNames())
        {
            json.WriteStartObject();
            json.WriteString("name", name);
            json.WriteString("href", DashboardPages.StudyHref(name));
            json.WriteEndObject();
        }

        json.WriteEndArray();
    });

    private Task StudyApi(HttpContext context)
    {
        if (FindView(context) is not { } view)
        {
            return NotFound(context);
        }

        byte[] document = view.Document();
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.Body.WriteAsync(document, context.RequestAborted).AsTask();
    }

    private Task VersionApi(HttpContext context)
    {
        if (FindView(context) is not { } view)
        {
            return NotFound(context);
        }

        (long revision, int total) = view.Version();
        return Json(context, json =>
        {
            json.WriteStartObject();
            json.WriteNumber("revision", revision);
            json.WriteNumber("total", total);
            json.WriteEndObject();
        });
    }

    private Task TrialsApi(HttpContext context)
    {
        if (FindView(context) is not { } view)
        {
            return NotFound(context);
        }

        (TrialQuery? query, string? error) = TrialQuery.Parse(context.Request.Query, view.Space, view.Metrics);
        if (query is null)
        {
            return Error(context, StatusCodes.Status400BadRequest, error!);
        }

        List<FrozenTrial> matching = query.Apply(view.Trials, view.Space, view.Metrics);
        return Json(context, json =>
        {
            json.WriteStartObject();
            json.WriteNumber("total", matching.Count);
            json.WriteNumber("page", query.Page);
            json.WriteStartArray("rows");
            long start = (long)query.Page * query.PageSize;
            for (long i = start; i < Math.Min(matching.Count, start + query.PageSize); i++)
            {
                TrialTable.WriteRow(json, view.Space, matching[(int)i], view.Metrics);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        });
    }

    // The contour of a pair the page chose: a forest fitted now, on the trials last read (seconds on a large study,
    // for a user who asked for it).
    private Task ContourApi(HttpContext context)
    {
        if (FindView(context) is not { } view)
        {
            return NotFound(context);
        }

        string? x = context.Request.Query["x"], y = context.Request.Query["y"];
        if (x is null || y is null || x == y || !view.Space.TryGetIndex(x, out _) || !view.Space.TryGetIndex(y, out _))
        {
            return Error(context, StatusCodes.Status400BadRequest, "x, y: two different parameters of the study");
        }

        Figure figure = StudyFigures.Contour(view.Contour(x, y), StudyFigures.ObjectiveTitleOf(view.Metrics));
        return Json(context, json => PlotlyJson.Write(json, figure));
    }

    private async Task DeleteApi(HttpContext context)
    {
        if (await ReadWrite(context) is not { } request)
        {
            return;
        }

        if (request.TryGetProperty("name", out JsonElement name) && name.ValueKind == JsonValueKind.String && _views.FindRecord(name.GetString()!) is { } record)
        {
            StudyStorage.DeleteStudy(_views.Storage, record.Name);
            _views.Forget(record.Id);
            await Json(context, json =>
            {
                json.WriteStartObject();
                json.WriteString("deleted", record.Name);
                json.WriteEndObject();
            });
            return;
        }

        await Error(context, StatusCodes.Status404NotFound, "no such study");
    }

    private async Task RenameApi(HttpContext context)
    {
        if (await ReadWrite(context) is not { } request)
        {
            return;
        }

        if (!request.TryGetProperty("name", out JsonElement name) || name.ValueKind != JsonValueKind.String || _views.FindRecord(name.GetString()!) is not { } record)
        {
            await Error(context, StatusCodes.Status404NotFound, "no such study");
            return;
        }

        if (!request.TryGetProperty("to", out JsonElement to) || to.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(to.GetString()))
        {
            await Error(context, StatusCodes.Status400BadRequest, "the new name is empty");
            return;
        }

        string newName = to.GetString()!;
        try
        {
            StudyStorage.RenameStudy(_views.Storage, record.Name, newName);
        }
        catch (Exception refused) when (refused is ArgumentException or InvalidOperationException or AttrTuneException)
        {
            await Error(context, StatusCodes.Status409Conflict, refused.Message);
            return;
        }

        _views.Forget(record.Id);
        await Json(context, json =>
        {
            json.WriteStartObject();
            json.WriteString("name", newName);
            json.WriteEndObject();
        });
    }

    // A write is accepted only with --allow-writes, and only as the dashboard's own pages send it: a same-origin
    // JSON POST carrying X-AttrTune-Write. A form or script of another site cannot set that header without a CORS
    // preflight, which this server never grants.
    private async Task<JsonElement?> ReadWrite(HttpContext context)
    {
        if (!_allowWrites)
        {
            await Error(context, StatusCodes.Status403Forbidden, "the dashboard is read-only: start it with --allow-writes to delete or rename studies");
            return null;
        }

        string? origin = context.Request.Headers.Origin;
        if (context.Request.Headers["X-AttrTune-Write"] != "1" || context.Request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) != true
            || (origin is not null && !string.Equals(origin, $"{context.Request.Scheme}://{context.Request.Host}", StringComparison.OrdinalIgnoreCase)))
        {
            await Error(context, StatusCodes.Status403Forbidden, "writes are accepted from the dashboard's own pages only");
            return null;
        }

        try
        {
            using JsonDocument document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            await Error(context, StatusCodes.Status400BadRequest, "the body is not JSON");
            return null;
        }
    }

    private StudyView? FindView(HttpContext context) => context.Request.Query["name"] is { Count: 1 } name ? _views.Find(name[0]!) : null;

    private static Task NotFound(HttpContext context) => Error(context, StatusCodes.Status404NotFound, "no such study (or it was stored without its search space)");

    private static Task Error(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        return Json(context, json =>
        {
            json.WriteStartObject();
            json.WriteString("error", message);
            json.WriteEndObject();
        });
    }

    private static async Task Json(HttpContext context, Action<Utf8JsonWriter> write)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            write(json);
        }

        await context.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), context.RequestAborted);
    }

    private static Task Html(HttpContext context, string page, int status = StatusCodes.Status200OK)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsync(page, context.RequestAborted);
    }
}
