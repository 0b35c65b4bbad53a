using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using AttrTune.TestSupport;

namespace AttrTune.EndToEnd.Tests;

/// <summary>
/// Packs the AttrTune NuGet once per test run into a private feed. Consumers restore it with their own package
/// folder, so no earlier build in the machine's NuGet cache can stand in for the package under test.
/// </summary>
public sealed class PackedPackage : IDisposable
{
    // The package is packed in the configuration these tests were built in: the README's test command builds the
    // solution in Release, so the pack finds every assembly up to date and only zips them, and the package under test
    // holds exactly what a release build produces. Its version is the build's own (commit-derived) one: overriding it
    // would change the assembly attributes and compile the library a second time, in both target frameworks.
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    // One pack per test run, shared by the fixtures of every test class: they run in parallel, and two packs at once
    // would build the same obj folders (and pack the same sources twice). Deleted when the test process exits.
    private static readonly Lazy<(string Feed, string Version)> SharedFeed = new(PackFeed);

    public PackedPackage()
    {
        RepositoryRoot = TestFolders.RepositoryRoot();
        (Feed, Version) = SharedFeed.Value;
        WorkDirectory = Directory.CreateTempSubdirectory("attrtune-e2e-").FullName;
        Packages = Path.Combine(WorkDirectory, "packages");
        PackagePath = Path.Combine(Feed, $"AttrTune.{Version}.nupkg");
    }

    /// <summary>The packed version, as the build computed it from git.</summary>
    public string Version { get; }

    public string RepositoryRoot { get; }

    public string WorkDirectory { get; }

    public string Feed { get; }

    public string Packages { get; }

    public string PackagePath { get; }

    /// <summary>
    /// The machine's package folder, read-only fallback for the SDK's own packages (ILLink for IsAotCompatible).
    /// AttrTune itself is never there: it is only ever restored from the private feed into <see cref="Packages"/>.
    /// </summary>
    private static string MachinePackages =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } folder
            ? folder
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    /// <summary>Writes a consumer project that references the package from the private feed only.</summary>
    public string CreateConsumer(string name, string programSource, string extraProperties = "")
    {
        string directory = Path.Combine(WorkDirectory, name);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="attrtune-e2e" value="{Feed}" />
              </packageSources>
              <fallbackPackageFolders>
                <add key="machine" value="{MachinePackages}" />
              </fallbackPackageFolders>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(directory, $"{name}.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <IsAotCompatible>true</IsAotCompatible>
                <GenerateDocumentationFile>true</GenerateDocumentationFile>
                <NoWarn>$(NoWarn);CS1591</NoWarn>
                {extraProperties}
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="AttrTune" Version="{Version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(directory, "Program.cs"), programSource);
        return directory;
    }

    /// <summary>Runs dotnet for a consumer, with the private package folder.</summary>
    public ProcessResult Dotnet(string workingDirectory, params string[] arguments) => Run(workingDirectory, Packages, arguments);

    private static (string Feed, string Version) PackFeed()
    {
        string feed = Directory.CreateTempSubdirectory("attrtune-e2e-feed-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => TestFolders.DeleteQuietly(feed);
        ProcessResult pack;
        string root = TestFolders.RepositoryRoot();
        using (PackLock.Acquire(root))
        {
            pack = Run(root, isolatedPackages: null, "pack", Path.Combine(root, "src", "AttrTune", "AttrTune.csproj"), "-c", Configuration, "-o", feed);
        }

        if (pack.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet pack failed:\n{pack.Output}");
        }

        string[] packages = Directory.GetFiles(feed, "AttrTune.*.nupkg");
        if (packages.Length != 1)
        {
            throw new InvalidOperationException($"dotnet pack should have written one AttrTune package to {feed}, found {packages.Length}:\n{pack.Output}");
        }

        string version = Path.GetFileNameWithoutExtension(packages[0])["AttrTune.".Length..];

        // Consumers fall back to the machine's package folder for the SDK's own packages; a copy of this very version
        // there (a package restored from some other feed) would stand in for the one under test.
        string cached = Path.Combine(MachinePackages, "attrtune", version);
        if (Directory.Exists(cached))
        {
            throw new InvalidOperationException($"The machine's package folder already holds AttrTune {version} ({cached}); consumers could restore it instead of the package under test. Delete that folder.");
        }

        return (feed, version);
    }

    // Packing uses the machine's package folder (isolatedPackages null): restoring the repository's own projects into
    // a private folder would point their shared obj/project.assets.json at a folder deleted after the run.
    private static ProcessResult Run(string workingDirectory, string? isolatedPackages, params string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
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

        if (isolatedPackages is not null)
        {
            start.Environment["NUGET_PACKAGES"] = isolatedPackages;
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        // Generous: packing builds two target frameworks, and a loaded machine took over five minutes for it. The
        // limit only turns a hung dotnet into a failure instead of a stuck test run.
        if (!process.WaitForExit(TimeSpan.FromMinutes(15)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', arguments)} did not finish in 15 minutes:\n{output}");
        }

        process.WaitForExit();
        return new ProcessResult(process.ExitCode, output.ToString());
    }

    public void Dispose() => TestFolders.DeleteQuietly(WorkDirectory);


}

public sealed record ProcessResult(int ExitCode, string Output);
