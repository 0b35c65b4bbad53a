using System;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using AttrTune.Cli.Tests;
using AttrTune.Storage;
using AttrTune.TestSupport;
using Xunit;

namespace AttrTune.Dashboard.Tests;

/// <summary>The dashboard's defences, over plain HTTP: read-only, loopback only, no injection through names or queries.</summary>
[Collection(BrowserCollection.Name)]
[Trait(TestCategories.Key, TestCategories.Slow)]
public sealed class SecurityTests
{
    private readonly BrowserSession _session;

    public SecurityTests(BrowserSession session) => _session = session;

    [SkippableFact]
    public async Task Writes_are_refused_without_allow_writes()
    {
        Hostile.SkipUnlessBrowser();
        using var http = new HttpClient { BaseAddress = new Uri(_session.Url) };
        foreach (string path in new[] { "api/delete", "api/rename" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent("{\"name\":\"demo\",\"to\":\"gone\"}", Encoding.UTF8, "application/json") };
            request.Headers.Add("X-AttrTune-Write", "1");
            using HttpResponseMessage response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Contains("--allow-writes", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using SqliteStorage storage = _session.OpenStorage();
        Assert.NotNull(storage.FindStudy("demo"));
        Assert.Null(storage.FindStudy("gone"));
    }

    [SkippableFact]
    public async Task With_allow_writes_only_the_dashboards_own_requests_rename_and_delete()
    {
        Hostile.SkipUnlessBrowser();
        string file = _session.Tool.CopyStudyFile("writes.db");
        ProcessStartInfo start = InstalledTool.Start(_session.Tool.Executable, _session.Tool.WorkDirectory, ["dashboard", "--storage", "sqlite:///writes.db", "--port", "0", "--allow-writes"]);
        using Process dashboard = Process.Start(start)!;
        try
        {
            Task<string?> line = dashboard.StandardOutput.ReadLineAsync();
            Assert.True(line.Wait(TimeSpan.FromSeconds(60)), "the dashboard did not start within 60 s");
            Assert.Contains("writes allowed", line.Result, StringComparison.Ordinal);
            using var http = new HttpClient { BaseAddress = new Uri(System.Text.RegularExpressions.Regex.Match(line.Result!, @"http://127\.0\.0\.1:\d+/").Value) };

            async Task<HttpStatusCode> Post(string path, string body, bool header, string? origin = null)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                if (header)
                {
                    request.Headers.Add("X-AttrTune-Write", "1");
                }

                if (origin is not null)
                {
                    request.Headers.Add("Origin", origin);
                }

                using HttpResponseMessage response = await http.SendAsync(request);
                return response.StatusCode;
            }

            // What a form or a script of another site could send: no custom header, or a foreign origin.
            Assert.Equal(HttpStatusCode.Forbidden, await Post("api/delete", "{\"name\":\"other\"}", header: false));
            Assert.Equal(HttpStatusCode.Forbidden, await Post("api/delete", "{\"name\":\"other\"}", header: true, origin: "http://attacker.example"));
            using (var storage = new SqliteStorage(file))
            {
                Assert.NotNull(storage.FindStudy("other"));
            }

            Assert.Equal(HttpStatusCode.OK, await Post("api/rename", "{\"name\":\"other\",\"to\":\"renamed\"}", header: true, origin: http.BaseAddress!.GetLeftPart(UriPartial.Authority)));
            Assert.Equal(HttpStatusCode.OK, await Post("api/delete", "{\"name\":\"empty\"}", header: true));
            Assert.Equal(HttpStatusCode.NotFound, await Post("api/delete", "{\"name\":\"empty\"}", header: true));
            using (var storage = new SqliteStorage(file))
            {
                Assert.Equal(["demo", "renamed"], storage.GetStudyNames().Order(StringComparer.Ordinal).ToArray());
            }
        }
        finally
        {
            dashboard.Kill(entireProcessTree: true);
            await dashboard.WaitForExitAsync();
        }
    }

    [SkippableFact]
    public async Task Names_and_query_values_never_reach_sql_or_paths()
    {
        Hostile.SkipUnlessBrowser();
        using var http = new HttpClient { BaseAddress = new Uri(_session.Url) };
        string[] hostile = ["demo' OR '1'='1", "demo\"; DROP TABLE trials; --", "../../../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "demo\0"];
        foreach (string name in hostile)
        {
            string query = Uri.EscapeDataString(name);
            foreach (string path in new[] { "api/study?name=", "api/trials?name=", "api/version?name=" })
            {
                using HttpResponseMessage response = await http.GetAsync(path + query);
                Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path}{query}: {response.StatusCode}");
                Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
            }

            using HttpResponseMessage page = await http.GetAsync("study?name=" + query);
            Assert.True(page.StatusCode == HttpStatusCode.NotFound, $"study?name={query}: {page.StatusCode}");
            Assert.DoesNotContain("root:", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        foreach (string path in new[] { "static/..%2F..%2F..%2Fetc%2Fpasswd", "static/%2e%2e/%2e%2e/etc/passwd", "static/attrtune.js%00.html" })
        {
            // Refused one way or the other: Kestrel rejects a path that climbs above the root (400), routing finds no file (404).
            using HttpResponseMessage response = await http.GetAsync(path);
            Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest, $"{path}: {response.StatusCode}");
            Assert.DoesNotContain("root:", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // Query values are parsed, never spliced: a bad one is refused, the table still answers afterwards.
        using (HttpResponseMessage sort = await http.GetAsync("api/trials?name=demo&sort=" + Uri.EscapeDataString("value; DROP TABLE trials")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, sort.StatusCode);
        }

        using (HttpResponseMessage size = await http.GetAsync("api/trials?name=demo&size=100000000"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, size.StatusCode);
        }

        using JsonDocument table = JsonDocument.Parse(await http.GetStringAsync("api/trials?name=demo&state=complete&sort=value&desc=true&size=5"));
        Assert.Equal(5, table.RootElement.GetProperty("rows").GetArrayLength());
        using SqliteStorage storage = _session.OpenStorage();
        Assert.Equal(6, storage.GetStudyNames().Count);
    }

    [SkippableFact]
    public async Task Every_response_carries_the_security_headers_and_foreign_hosts_are_refused()
    {
        Hostile.SkipUnlessBrowser();
        Assert.StartsWith("http://127.0.0.1:", _session.Url, StringComparison.Ordinal);
        using var http = new HttpClient { BaseAddress = new Uri(_session.Url) };
        using HttpResponseMessage page = await http.GetAsync("study?name=demo");
        string policy = string.Join(";", page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self'", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());

        // DNS rebinding: a page of another site that resolves its name to 127.0.0.1 sends its own Host.
        using var rebound = new HttpRequestMessage(HttpMethod.Get, "api/studies");
        rebound.Headers.Host = "attacker.example";
        using HttpResponseMessage refused = await http.SendAsync(rebound);
        Assert.Equal(HttpStatusCode.MisdirectedRequest, refused.StatusCode);
    }

    [SkippableFact]
    public async Task Binding_beyond_loopback_prints_a_warning()
    {
        Hostile.SkipUnlessBrowser();
        ProcessStartInfo start = InstalledTool.Start(_session.Tool.Executable, _session.Tool.WorkDirectory, ["dashboard", "--storage", BrowserSession.StorageUrl, "--host", "0.0.0.0", "--port", "0"]);
        using Process dashboard = Process.Start(start)!;
        try
        {
            Task<string?> url = dashboard.StandardOutput.ReadLineAsync();
            Task<string?> warning = dashboard.StandardError.ReadLineAsync();
            Assert.True(Task.WaitAll([url, warning], TimeSpan.FromSeconds(60)), "the dashboard did not start within 60 s");
            Assert.StartsWith("attrtune: warning: listening on 0.0.0.0", warning.Result, StringComparison.Ordinal);
            Assert.Contains("http://", url.Result, StringComparison.Ordinal);
        }
        finally
        {
            dashboard.Kill(entireProcessTree: true);
            await dashboard.WaitForExitAsync();
        }
    }
}
