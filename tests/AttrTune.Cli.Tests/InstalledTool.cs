using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using AttrTune.TestSupport;

namespace AttrTune.Cli.Tests;

/// <summary>
/// The tool as a user gets it: AttrTune.Cli and AttrTune packed into a private feed, the tool installed from it with
/// <c>dotnet tool install --tool-path</c>, and a study file written by a program built from the packed AttrTune
/// package. Done once per test run; every test runs the installed <c>attrtune</c>.
/// </summary>
public sealed class InstalledTool
{
    // Packed in the configuration these tests were built in, with the build's own version (as PackedPackage does):
    // the README's test command builds the solution in Release, so the packs find everything up to date and only zip.
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    // One setup per test run, shared by every test class: the classes then run in parallel, which a collection
    // fixture would not allow. Deleted when the test process exits.
    private static readonly Lazy<InstalledTool> SharedTool = new(() => new InstalledTool());

    private InstalledTool()
    {
        RepositoryRoot = TestFolders.RepositoryRoot();
        WorkDirectory = Directory.CreateTempSubdirectory("attrtune-cli-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => TestFolders.DeleteQuietly(WorkDirectory);
        string feed = Path.Combine(WorkDirectory, "feed");
        string packages = Path.Combine(WorkDirectory, "packages");
        ToolDirectory = Path.Combine(WorkDirectory, "tool");

        // Both packages in one pack of a solution filter: one MSBuild start and one look at the shared references
        // instead of two (10 s instead of 28 on a loaded machine). The test build restored both projects already.
        string filter = Path.Combine(WorkDirectory, "packages.slnf");
        File.WriteAllText(filter, JsonSerializer.Serialize(new
        {
            solution = new
            {
                path = Path.Combine(RepositoryRoot, "AttrTune.sln"),
                projects = new[] { Path.Combine("src", "AttrTune", "AttrTune.csproj"), Path.Combine("src", "AttrTune.Cli", "AttrTune.Cli.csproj") },
            },
        }));

        // The machine's package folder: the repository's own obj/project.assets.json must not point at a folder deleted after the run.
        using (PackLock.Acquire(RepositoryRoot))
        {
            Require(Dotnet(RepositoryRoot, null, "pack", filter, "-c", Configuration, "-o", feed, "--no-restore"), "dotnet pack");
        }
        Version = PackedVersion(feed, "AttrTune.Cli");
        string libraryVersion = PackedVersion(feed, "AttrTune");
        foreach (string id in new[] { "attrtune", "attrtune.cli" })
        {
            // The machine's package folder is the consumers' fallback: a copy of this very version there would stand in for the one under test.
            string cached = Path.Combine(MachinePackages, id, id == "attrtune" ? libraryVersion : Version);
            if (Directory.Exists(cached))
            {
                throw new InvalidOperationException($"The machine's package folder already holds {cached}; it could be restored instead of the package under test. Delete that folder.");
            }
        }

        // Only the private feed, so nothing else can answer for AttrTune; the machine's folder supplies the rest.
        File.WriteAllText(Path.Combine(WorkDirectory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="attrtune-cli-tests" value="{feed}" />
              </packageSources>
              <fallbackPackageFolders>
                <add key="machine" value="{MachinePackages}" />
              </fallbackPackageFolders>
            </configuration>
            """);

        string maker = Path.Combine(WorkDirectory, "maker");
        Directory.CreateDirectory(maker);
        File.WriteAllText(Path.Combine(maker, "Maker.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="AttrTune" Version="{libraryVersion}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(maker, "Program.cs"), StudyMaker.Program);

        // Independent, and each mostly waits on restore: side by side they take the time of the longer.
        Task<ProcessResult> install = Task.Run(() => Dotnet(WorkDirectory, packages, "tool", "install", "AttrTune.Cli", "--tool-path", ToolDirectory, "--add-source", feed, "--version", Version));
        Task<ProcessResult> build = Task.Run(() => Dotnet(maker, packages, "build", "-c", "Release", "-o", Path.Combine(maker, "out")));
        Require(install.Result, "dotnet tool install");
        Require(build.Result, "building the study maker");
        MakerDll = Path.Combine(maker, "out", "Maker.dll");
        Require(Dotnet(WorkDirectory, null, MakerDll, "make", StudyFile), "making the study");
    }

    /// <summary>The packed and installed version of AttrTune.Cli.</summary>
    public string Version { get; }

    public string RepositoryRoot { get; }

    /// <summary>The folder the tool runs in; relative sqlite:/// URLs start here.</summary>
    public string WorkDirectory { get; }

    public string ToolDirectory { get; }

    /// <summary>The study maker, to add trials to a study from another process.</summary>
    public string MakerDll { get; }

    /// <summary>studies.db: "demo" (30 trials), "other" (4), "empty" (none). Read-only tests share it; tests that write use a copy.</summary>
    public string StudyFile => Path.Combine(WorkDirectory, "studies.db");

    public const string StorageUrl = "sqlite:///studies.db";

    /// <summary>The installed command, as a user runs it.</summary>
    public string Executable => Path.Combine(ToolDirectory, OperatingSystem.IsWindows() ? "attrtune.exe" : "attrtune");

    private static string MachinePackages =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } folder
            ? folder
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    /// <summary>Runs <c>attrtune</c> with no terminal (standard input closed), no ATTRTUNE_STORAGE unless given, in <see cref="WorkDirectory"/>.</summary>
    public ProcessResult Run(IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        ProcessStartInfo start = Start(Executable, WorkDirectory, arguments);
        start.Environment.Remove("ATTRTUNE_STORAGE");
        start.Environment.Remove("COLUMNS");
        foreach ((string key, string value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        return Wait(start, TimeSpan.FromMinutes(1));
    }

    public ProcessResult Run(params string[] arguments) => Run(null, arguments);

    /// <summary>A copy of the study file under a new name, for a test that changes it.</summary>
    public string CopyStudyFile(string name)
    {
        string copy = Path.Combine(WorkDirectory, name);
        File.Copy(StudyFile, copy);
        return copy;
    }

    /// <summary>The settings that start any child process here: the apphost finds the same runtime as the test host.</summary>
    public static ProcessStartInfo Start(string fileName, string workingDirectory, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The test host runs inside MSBuild's environment; a child build must start clean.
        foreach (string key in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }

        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && Path.GetDirectoryName(host) is { } root)
        {
            start.Environment["DOTNET_ROOT"] = root;
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        return start;
    }

    private static ProcessResult Wait(ProcessStartInfo start, TimeSpan limit)
    {
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{start.FileName} {string.Join(' ', start.ArgumentList)} did not finish in {limit}.");
        }

        process.WaitForExit();
        return new ProcessResult(process.ExitCode, output.Result, error.Result);
    }

    private static ProcessResult Dotnet(string workingDirectory, string? packages, params string[] arguments)
    {
        ProcessStartInfo start = Start(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", workingDirectory, arguments);
        if (packages is not null)
        {
            start.Environment["NUGET_PACKAGES"] = packages;
        }

        return Wait(start, TimeSpan.FromMinutes(15));
    }

    private static string PackedVersion(string feed, string id)
    {
        string[] found = Directory.GetFiles(feed, id + ".*.nupkg")
            .Where(f => char.IsDigit(Path.GetFileName(f)[(id.Length + 1)..][0]))
            .ToArray();
        if (found.Length != 1)
        {
            throw new InvalidOperationException($"Expected one {id} package in {feed}, found {found.Length}.");
        }

        return Path.GetFileNameWithoutExtension(found[0])[(id.Length + 1)..];
    }

    private static void Require(ProcessResult result, string what)
    {
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{what} failed:\n{result}");
        }
    }

    /// <summary>The tool, installed on first use.</summary>
    public static InstalledTool Shared => SharedTool.Value;


}
