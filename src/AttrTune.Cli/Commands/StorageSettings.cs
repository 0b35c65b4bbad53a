using System;
using System.ComponentModel;
using Spectre.Console.Cli;

namespace AttrTune.Cli.Commands;

/// <summary>The options every command takes: where the studies are, and how much to say when something breaks.</summary>
internal class StorageSettings : CommandSettings
{
    /// <summary>The environment variable that gives the storage when --storage is not given.</summary>
    public const string StorageVariable = "ATTRTUNE_STORAGE";

    [CommandOption("-s|--storage <URL>")]
    [Description("Storage URL: sqlite:///relative.db, sqlite:////absolute.db or postgresql://user:password@host/database. Default: $ATTRTUNE_STORAGE.")]
    public string? Storage { get; init; }

    [CommandOption("--verbose")]
    [Description("Show the stack trace of an unexpected error.")]
    public bool Verbose { get; init; }

    /// <summary>The URL from --storage, else from the environment.</summary>
    /// <exception cref="CliException">Neither gives one.</exception>
    public string StorageUrl =>
        Storage is { Length: > 0 } given ? given
        : Environment.GetEnvironmentVariable(StorageVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment
        : throw new CliException(ExitCodes.BadStorageUrl, $"No storage given: pass --storage <url> (e.g. sqlite:///studies.db) or set {StorageVariable}.");
}
