using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AttrTune.Storage;
using Xunit;

namespace AttrTune.Cli.Tests;

/// <summary>delete and copy, each on its own copy of the study file.</summary>
public sealed class WriteCommandTests
{
    private readonly InstalledTool _tool;

    public WriteCommandTests() => _tool = InstalledTool.Shared;

    [Fact]
    public void Delete_without_yes_and_without_a_terminal_refuses_with_exit_8_and_deletes_nothing()
    {
        string file = _tool.CopyStudyFile("delete-refused.db");
        ProcessResult result = _tool.Run("delete", "demo", "--storage", "sqlite:///delete-refused.db");
        Assert.True(result.ExitCode == 8, result.ToString());
        Assert.Contains("Not deleting study 'demo' (30 trials)", result.Error, StringComparison.Ordinal);
        Assert.Contains("--yes", result.Error, StringComparison.Ordinal);
        using var library = new LibraryView(file);
        Assert.Equal(30, library.Trials("demo").Count);
    }

    [Fact]
    public void Delete_with_yes_removes_the_study_and_keeps_the_others()
    {
        string file = _tool.CopyStudyFile("delete-yes.db");
        ProcessResult result = _tool.Run("delete", "demo", "--yes", "--storage", "sqlite:///delete-yes.db");
        Assert.True(result.ExitCode == 0, result.ToString());
        using var library = new LibraryView(file);
        Assert.Null(library.Storage.FindStudy("demo"));
        Assert.Equal(["empty", "other"], library.Storage.GetStudyNames());
        Assert.Equal(4, library.Trials("other").Count);
    }

    [Fact]
    public void Copy_to_a_new_file_under_a_new_name_keeps_every_trial_field_for_field()
    {
        ProcessResult result = _tool.Run("copy", "demo", "--to", "sqlite:///copy-target.db", "--name", "demo-copy", "--storage", InstalledTool.StorageUrl);
        Assert.True(result.ExitCode == 0, result.ToString());

        using var source = new LibraryView(_tool.StudyFile);
        using var target = new LibraryView(Path.Combine(_tool.WorkDirectory, "copy-target.db"));
        StudyRecord original = source.Study("demo");
        StudyRecord copy = target.Study("demo-copy");
        Assert.Equal(original.Direction, copy.Direction);
        Assert.Equal(original.SpaceFingerprint, copy.SpaceFingerprint);
        Assert.Equal(original.SpaceDescription, copy.SpaceDescription);
        IReadOnlyList<FrozenTrial> expected = source.Trials("demo");
        IReadOnlyList<FrozenTrial> actual = target.Trials("demo-copy");
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            FrozenTrial e = expected[i];
            FrozenTrial a = actual[i];
            Assert.Equal(e.Number, a.Number);
            Assert.Equal(e.State, a.State);
            Assert.Equal(e.Value, a.Value);
            Assert.Equal(e.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal), a.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal));
            Assert.Equal(e.IntermediateValues, a.IntermediateValues);
            Assert.Equal(e.UserAttributes.OrderBy(p => p.Key, StringComparer.Ordinal), a.UserAttributes.OrderBy(p => p.Key, StringComparer.Ordinal));
            Assert.Equal(e.ClaimKey, a.ClaimKey);
            Assert.Equal(e.Started, a.Started);
            Assert.Equal(e.Completed, a.Completed);
            Assert.Equal(e.FailReason, a.FailReason);
            Assert.Equal(e.Failure, a.Failure);
            Assert.Equal(e.Worker, a.Worker);
        }
    }

    [Fact]
    public void Copy_onto_a_name_the_target_holds_is_exit_11_and_changes_nothing()
    {
        string target = _tool.CopyStudyFile("copy-onto.db");
        byte[] before = File.ReadAllBytes(target);
        ProcessResult result = _tool.Run("copy", "other", "--to", "sqlite:///copy-onto.db", "--storage", InstalledTool.StorageUrl);
        Assert.True(result.ExitCode == 11, result.ToString());
        Assert.Contains("sqlite:///copy-onto.db already holds a study named 'other'", result.Error, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(target));
    }

    [Fact]
    public void Copy_without_to_is_a_usage_error()
    {
        ProcessResult result = _tool.Run("copy", "demo", "--storage", InstalledTool.StorageUrl);
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--to", result.Error, StringComparison.Ordinal);
    }
}
