using System;
using System.IO;
using Microsoft.Data.Sqlite;
using Xunit;

namespace AttrTune.Cli.Tests;

/// <summary>
/// Every failure a user can cause ends with its own exit code and a message that names the thing, the value and the
/// rule, on standard error, with nothing on standard output and never a stack trace.
/// </summary>
public sealed class ErrorTests
{
    private readonly InstalledTool _tool;

    public ErrorTests() => _tool = InstalledTool.Shared;

    [Fact]
    public void A_missing_file_is_exit_4_and_is_not_created()
    {
        ProcessResult result = Fails(4, "studies", "--storage", "sqlite:///no-such.db");
        Assert.Contains(Path.Combine(_tool.WorkDirectory, "no-such.db") + " does not exist", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_tool.WorkDirectory, "no-such.db")));
    }

    [Fact]
    public void A_text_file_is_exit_5_not_a_study_database()
    {
        string file = Path.Combine(_tool.WorkDirectory, "notes.txt");
        File.WriteAllText(file, "not a database\n");
        ProcessResult result = Fails(5, "show", "demo", "--storage", "sqlite:///notes.txt");
        Assert.Contains("notes.txt is not a SQLite database", result.Error, StringComparison.Ordinal);
        Assert.Equal("not a database\n", File.ReadAllText(file));
    }

    [Fact]
    public void Another_applications_sqlite_database_is_exit_5_and_left_unchanged()
    {
        string file = Path.Combine(_tool.WorkDirectory, "foreign.db");
        using (var connection = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            connection.Open();
            using SqliteCommand create = connection.CreateCommand();
            create.CommandText = "CREATE TABLE invoices(id INTEGER PRIMARY KEY, total REAL);";
            create.ExecuteNonQuery();
        }

        byte[] before = File.ReadAllBytes(file);
        ProcessResult result = Fails(5, "studies", "--storage", "sqlite:///foreign.db");
        Assert.Contains("foreign.db", result.Error, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(file));
    }

    [Fact]
    public void An_unknown_study_is_exit_6_with_the_closest_name_and_the_list()
    {
        ProcessResult result = Fails(6, "best", "dmeo", "--storage", InstalledTool.StorageUrl);
        Assert.Equal(
            "attrtune: There is no study 'dmeo' in sqlite:///studies.db. Did you mean 'demo'? Its studies: 'demo', 'empty', 'other'.\n",
            result.Error.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void A_schema_newer_than_the_tool_is_exit_7_and_the_file_is_left_unchanged()
    {
        string file = _tool.CopyStudyFile("newer.db");
        using (var connection = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            connection.Open();
            using SqliteCommand bump = connection.CreateCommand();
            bump.CommandText = "UPDATE schema_version SET version = 99; PRAGMA wal_checkpoint(TRUNCATE);";
            bump.ExecuteNonQuery();
        }

        byte[] before = File.ReadAllBytes(file);
        ProcessResult result = Fails(7, "trials", "demo", "--storage", "sqlite:///newer.db");
        Assert.Contains("newer.db was written by AttrTune schema version 99", result.Error, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(file));
    }

    [Theory]
    [InlineData("mysql://tuner:s3cret@db.example/studies")]
    [InlineData("ftp://localhost/studies")]
    [InlineData("sqlite://studies.db")]
    [InlineData("sqlite:///")]
    public void A_bad_storage_url_is_exit_3_named_without_its_password(string url)
    {
        ProcessResult result = Fails(3, "studies", "--storage", url);
        Assert.DoesNotContain("s3cret", result.Error, StringComparison.Ordinal);
        Assert.Contains(url.Replace("s3cret", "***", StringComparison.Ordinal), result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unreachable_database_server_is_exit_1_named_without_its_password()
    {
        // Port 1 on the loopback refuses at once: no server, no wait.
        ProcessResult result = Fails(1, "studies", "--storage", "postgresql://tuner:s3cret@127.0.0.1:1/studies");
        Assert.Contains("Cannot open postgresql://tuner:***@127.0.0.1:1/studies", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void No_storage_at_all_is_exit_3_and_names_the_option_and_the_variable()
    {
        ProcessResult result = Fails(3, "studies");
        Assert.Contains("--storage", result.Error, StringComparison.Ordinal);
        Assert.Contains("ATTRTUNE_STORAGE", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("show")]
    [InlineData("trials", "demo", "--format", "xml", "--storage", InstalledTool.StorageUrl)]
    [InlineData("trials", "demo", "--state", "done", "--storage", InstalledTool.StorageUrl)]
    [InlineData("trials", "demo", "--sort", "speed", "--storage", InstalledTool.StorageUrl)]
    [InlineData("export", "demo", "-o", "trials.xlsx", "--storage", InstalledTool.StorageUrl)]
    [InlineData("importance", "demo", "--evaluator", "shap", "--storage", InstalledTool.StorageUrl)]
    [InlineData("importance", "demo", "--scale", "log", "--storage", InstalledTool.StorageUrl)]
    public void A_bad_command_line_is_exit_2(params string[] arguments)
    {
        ProcessResult result = Fails(2, arguments);
        Assert.NotEqual(string.Empty, result.Error.Trim());
    }

    [Fact]
    public void An_unknown_importance_scale_names_the_option_the_value_and_the_scales()
    {
        ProcessResult result = Fails(2, "importance", "demo", "--scale", "log", "--storage", InstalledTool.StorageUrl);
        Assert.Equal("attrtune: --scale: 'log' is not a scale; use parameter or raw.\n", result.Error.ReplaceLineEndings("\n"));

        // PED-ANOVA does not depend on the scale, so asking for it on raw values is named rather than ignored.
        ProcessResult ped = Fails(2, "importance", "demo", "--scale", "raw", "--evaluator", "ped-anova", "--storage", InstalledTool.StorageUrl);
        Assert.Contains("--scale raw applies to fANOVA only", ped.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("best")]
    [InlineData("importance")]
    public void Too_few_complete_trials_is_exit_9(string command)
    {
        ProcessResult result = Fails(9, command, "empty", "--storage", InstalledTool.StorageUrl);
        Assert.Contains("Study 'empty'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unexpected_error_is_exit_1_with_its_message_and_the_stack_trace_only_with_verbose()
    {
        string target = Path.Combine(_tool.WorkDirectory, "no-such-folder", "trials.csv");
        ProcessResult quiet = Fails(1, "export", "demo", "-o", target, "--storage", InstalledTool.StorageUrl);
        Assert.Contains("Cannot write " + target, quiet.Error, StringComparison.Ordinal);

        ProcessResult verbose = _tool.Run("export", "demo", "-o", target, "--storage", InstalledTool.StorageUrl, "--verbose");
        Assert.Equal(1, verbose.ExitCode);
        Assert.Contains("   at ", verbose.Error, StringComparison.Ordinal);
    }

    private ProcessResult Fails(int exitCode, params string[] arguments)
    {
        ProcessResult result = _tool.Run(arguments);
        Assert.True(result.ExitCode == exitCode, $"expected exit {exitCode}: {result}");
        Assert.StartsWith("attrtune: ", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Output);
        return result;
    }
}
