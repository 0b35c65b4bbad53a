using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
using Xunit;

namespace AttrTune.TestSupport;

/// <summary>
/// A throwaway PostgreSQL cluster for one test run: initdb into a temporary folder, started on a free port, trust
/// authentication on 127.0.0.1, fsync off (nothing here must survive a crash), removed when the run ends. Started as the
/// <c>postgres</c> user when the tests run as root (PostgreSQL refuses to run as root). Each test class gets its own
/// database from <see cref="CreateDatabase"/>. Linked into each test project that needs a server.
/// </summary>
internal sealed class PostgresServer : IDisposable
{
    private static readonly Lazy<PostgresServer> Shared = new(() => new PostgresServer(), LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly string _directory;
    private readonly string _bin;
    private int _databases;
    private TimeSpan _cpuOfEarlierStarts;

    private PostgresServer()
    {
        _bin = FindBinaries();
        RemoveLeftovers();
        _directory = Directory.CreateTempSubdirectory("attrtune-pg-").FullName;
        Port = FreePort();
        if (IsRoot)
        {
            Run("chown", "postgres", _directory);
        }

        Run(Path.Combine(_bin, "initdb"), "-D", Path.Combine(_directory, "data"), "-A", "trust", "-U", "attrtune", "-E", "UTF8", "--no-sync", "--locale=C");
        Start();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Dispose();
    }

    /// <summary>
    /// The server of this test run, started on first use. Without PostgreSQL's binaries the calling test is skipped
    /// with the reason on a developer machine, and fails in CI (<c>CI=true</c>), where .ci/run installs them.
    /// </summary>
    public static PostgresServer Instance
    {
        get
        {
            SkipWithoutBinaries();
            return Shared.Value;
        }
    }

    /// <summary>A private cluster, for tests that stop or restart it; skipped as <see cref="Instance"/> is.</summary>
    public static PostgresServer StartPrivate()
    {
        SkipWithoutBinaries();
        return new PostgresServer();
    }

    public int Port { get; }

    /// <summary>The CPU time the server's processes have used so far, over its restarts.</summary>
    public TimeSpan CpuTime => _cpuOfEarlierStarts + ProcessCpu.OfTree(ServerPid());

    /// <summary>The server's log (kept as evidence by tests that fail).</summary>
    public string LogPath => Path.Combine(_directory, "log");

    private static bool IsRoot => Environment.UserName == "root";

    /// <summary>A new, empty database; its connection URL.</summary>
    public string CreateDatabase()
    {
        string name = $"t{Interlocked.Increment(ref _databases)}_{Guid.NewGuid():N}"[..20];
        using (var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={Port};Username=attrtune;Database=postgres;Pooling=false"))
        {
            connection.Open();
            using var create = new NpgsqlCommand($"CREATE DATABASE {name};", connection);
            create.ExecuteNonQuery();
        }

        return $"postgresql://attrtune@127.0.0.1:{Port}/{name}";
    }

    /// <summary>An Npgsql connection string to <paramref name="database"/>, for tests that read the tables themselves.</summary>
    public string ConnectionString(string database) => $"Host=127.0.0.1;Port={Port};Username=attrtune;Database={database};Pooling=false;Timeout=15;Command Timeout=60";

    /// <summary><paramref name="database"/> as SQL (pg_dump's plain format), e.g. to keep as a failed test's evidence.</summary>
    public string Dump(string database) =>
        Run(Path.Combine(_bin, "pg_dump"), "-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", "attrtune", "--no-owner", database);

    /// <summary>Stops the server at once (as a crash would) and starts it again on the same port and data.</summary>
    public void Restart()
    {
        _cpuOfEarlierStarts += ProcessCpu.OfTree(ServerPid());
        Run(Path.Combine(_bin, "pg_ctl"), "-D", Path.Combine(_directory, "data"), "-m", "immediate", "-w", "stop");
        Start();
    }

    public void Dispose()
    {
        if (!Directory.Exists(_directory))
        {
            return;
        }

        try
        {
            Run(Path.Combine(_bin, "pg_ctl"), "-D", Path.Combine(_directory, "data"), "-m", "immediate", "-w", "stop");
        }
        catch (InvalidOperationException)
        {
            // Already stopped.
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    // The postmaster's pid, the first line of its pid file; 0 while it is not running.
    private int ServerPid()
    {
        try
        {
            return int.Parse(File.ReadLines(Path.Combine(_directory, "data", "postmaster.pid")).First(), CultureInfo.InvariantCulture);
        }
        catch (Exception exception) when (exception is IOException or FormatException or InvalidOperationException)
        {
            return 0;
        }
    }

    private void Start() =>
        Run(Path.Combine(_bin, "pg_ctl"), "-D", Path.Combine(_directory, "data"), "-l", Path.Combine(_directory, "log"), "-w", "-t", "60",
            "-o", $"-p {Port} -k {_directory} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=200", "start");

    // The shared server is removed by a ProcessExit handler, and the test runner may end the test process before the
    // 44 MB folder is deleted. A folder whose server is not running (no postmaster.pid) and that nothing has touched
    // for ten minutes is such a leftover, of this or an earlier run.
    private static void RemoveLeftovers()
    {
        foreach (string folder in Directory.GetDirectories(Path.GetTempPath(), "attrtune-pg-*"))
        {
            if (DateTime.UtcNow - Directory.GetLastWriteTimeUtc(folder) < TimeSpan.FromMinutes(10) || File.Exists(Path.Combine(folder, "data", "postmaster.pid")))
            {
                continue;
            }

            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // Another test process is removing it too.
            }
        }
    }

    private static void SkipWithoutBinaries()
    {
        bool inCi = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        Skip.If(!inCi && TryFindBinaries() is null, "PostgreSQL's server binaries (initdb, pg_ctl) are not installed: apt-get install postgresql, or set ATTRTUNE_PG_BIN. In CI (CI=true) this is a failure.");
    }

    private static string? TryFindBinaries()
    {
        try
        {
            return FindBinaries();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static string FindBinaries()
    {
        string? configured = Environment.GetEnvironmentVariable("ATTRTUNE_PG_BIN");
        if (configured is { Length: > 0 })
        {
            return File.Exists(Path.Combine(configured, "initdb"))
                ? configured
                : throw new InvalidOperationException($"ATTRTUNE_PG_BIN is '{configured}', which holds no initdb.");
        }

        string? debian = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(v => Path.Combine(v, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb"))).OrderDescending().FirstOrDefault()
            : null;
        return debian ?? throw new InvalidOperationException(
            "PostgreSQL's server binaries (initdb, pg_ctl) were not found in /usr/lib/postgresql/<version>/bin; install the postgresql package (.ci/run does) or set ATTRTUNE_PG_BIN.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    // Returns the program's standard output.
    private static string Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(IsRoot && program != "chown" ? "runuser" : program) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (IsRoot && program != "chown")
        {
            foreach (string prefix in new[] { "-u", "postgres", "--", program })
            {
                start.ArgumentList.Add(prefix);
            }
        }

        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        // Both streams read at once: a large dump on stdout must not block behind a full stderr pipe, or the reverse.
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{output}{error.Result}");
        }

        return output;
    }
}
