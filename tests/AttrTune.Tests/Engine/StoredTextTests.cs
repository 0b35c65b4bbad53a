using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AttrTune.Storage;
using Xunit;

namespace AttrTune.Tests.Engine;

/// <summary>
/// Text comes back from every backend exactly as it was given (NUL characters anywhere, however long the text,
/// non-ASCII, emoji), or is refused at the door with the same error by every backend: a lone UTF-16 surrogate cannot
/// be stored as UTF-8, so it is rejected with the field and the position instead of coming back replaced.
/// </summary>
public sealed class StoredTextTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("attrtune-text-").FullName;
    private readonly List<IStudyStorage> _opened = new();
    private InMemoryStorage? _memory;

    public static TheoryData<string> Backends => new() { "memory", "sqlite" };

    public void Dispose()
    {
        _opened.ForEach(s => s.Dispose());
        Directory.Delete(_directory, recursive: true);
    }

    // The first open of a backend; Reopen reads it back from where it is kept (a new connection for SQLite).
    private IStudyStorage Open(string backend) => backend == "memory" ? _memory ??= new InMemoryStorage() : Track(new SqliteStorage(Path.Combine(_directory, "text.db")));

    private IStudyStorage Reopen(string backend, IStudyStorage storage)
    {
        if (backend == "memory")
        {
            return storage;
        }

        storage.Dispose();
        return Open(backend);
    }

    private IStudyStorage Track(IStudyStorage storage)
    {
        _opened.Add(storage);
        return storage;
    }

    private static string WithNulAt(int length, params int[] positions)
    {
        char[] text = Enumerable.Range(0, length).Select(i => (char)('a' + (i % 26))).ToArray();
        foreach (int position in positions)
        {
            text[position] = '\0';
        }

        return new string(text);
    }

    public static IEnumerable<string> Texts()
    {
        yield return "boom\0tail";
        yield return WithNulAt(613, 11); // the report's case: came back as 11 characters
        yield return WithNulAt(613, 0);
        yield return WithNulAt(613, 612);
        yield return WithNulAt(513, 511);
        yield return WithNulAt(1024, 512);
        yield return WithNulAt(1024, 513);
        yield return WithNulAt(5000, 7, 4096, 4097, 4999);
        yield return new string('\0', 700);
        yield return "System.InvalidOperationException: Ünïcödé ≠ ASCII — 日本語のテキスト, Ελληνικά, עברית";
        yield return string.Concat(Enumerable.Repeat("🎉🚀👩‍👩‍👧 naïve café\0", 60));
        yield return new string('é', 300) + "\0" + string.Concat(Enumerable.Repeat("😀", 300));
        yield return string.Empty;
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Fail_reasons_come_back_exactly(string backend)
    {
        IStudyStorage storage = Open(backend);
        long study = storage.CreateOrLoadStudy("s", StudyDirection.Minimize, "f", "T.C").Id;
        var written = new List<(long Id, string Reason)>();
        foreach (string reason in Texts())
        {
            FrozenTrial trial = storage.TryCreateTrial(study, new NewTrial(TrialState.Running, new Dictionary<string, double> { ["x"] = 0.5 }, Worker: "w"))!;
            Assert.Equal(reason, storage.FinishTrial(trial.Id, TrialState.Failed, null, reason).FailReason);
            written.Add((trial.Id, reason));

            // The atomic fail-and-retry path stores the reason too.
            FrozenTrial retried = storage.TryCreateTrial(study, new NewTrial(TrialState.Running, new Dictionary<string, double> { ["x"] = 0.5 }, Worker: "w"))!;
            storage.FailAndRetryTrial(retried.Id, reason + "!", new NewTrial(TrialState.Waiting, new Dictionary<string, double> { ["x"] = 0.5 }));
            written.Add((retried.Id, reason + "!"));
        }

        storage = Reopen(backend, storage);
        foreach ((long id, string reason) in written)
        {
            AssertSameText(reason, storage.GetTrial(id).FailReason);
        }

        Assert.Equal(written.Select(w => w.Reason), storage.GetTrials(study).Where(t => t.State == TrialState.Failed).Select(t => t.FailReason));
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Names_attributes_keys_workers_and_parameter_names_come_back_exactly(string backend)
    {
        IStudyStorage storage = Open(backend);
        string[] texts = Texts().Where(t => t.Length > 0).ToArray();
        var studies = new List<(string Name, string Fingerprint, string Description)>();
        var trials = new List<(long Id, string Text)>();
        for (int i = 0; i < texts.Length; i++)
        {
            string text = texts[i];
            string name = text + "#" + i; // unique even where texts share a prefix
            StudyRecord study = storage.CreateOrLoadStudy(name, StudyDirection.Maximize, "fp\0" + text, "T.C " + text);
            studies.Add((name, "fp\0" + text, "T.C " + text));
            FrozenTrial trial = storage.TryCreateTrial(
                study.Id,
                new NewTrial(
                    TrialState.Running,
                    new Dictionary<string, double> { ["p:" + text] = 0.25 },
                    ClaimKey: "claim:" + text,
                    Worker: "worker:" + text,
                    Distributions: new Dictionary<string, string> { ["p:" + text] = "Uniform[0, 1] " + text },
                    Attributes: new Dictionary<string, string> { ["start:" + text] = "value:" + text }))!;
            storage.SetUserAttribute(trial.Id, "set:" + text, "set value:" + text);
            storage.Heartbeat("worker:" + text);
            trials.Add((trial.Id, text));

            // A claim key differing only after a NUL is another key.
            Assert.Null(storage.TryCreateTrial(study.Id, new NewTrial(TrialState.Waiting, new Dictionary<string, double>(), ClaimKey: "claim:" + text)));
            Assert.NotNull(storage.TryCreateTrial(study.Id, new NewTrial(TrialState.Waiting, new Dictionary<string, double>(), ClaimKey: "claim:" + text + "\0")));
        }

        storage = Reopen(backend, storage);
        Assert.Equal(studies.Select(s => s.Name).Order(StringComparer.Ordinal), storage.GetStudyNames());
        foreach ((string name, string fingerprint, string description) in studies)
        {
            StudyRecord found = storage.FindStudy(name)!;
            Assert.NotNull(found);
            AssertSameText(name, found.Name);
            AssertSameText(fingerprint, found.SpaceFingerprint);
            AssertSameText(description, found.SpaceDescription);
            Assert.Equal(found, storage.CreateOrLoadStudy(name, StudyDirection.Maximize, fingerprint, description));
        }

        foreach ((long id, string text) in trials)
        {
            FrozenTrial trial = storage.GetTrial(id);
            AssertSameText("claim:" + text, trial.ClaimKey);
            AssertSameText("worker:" + text, trial.Worker);
            AssertSameText("p:" + text, Assert.Single(trial.Parameters.Keys));
            Assert.Equal(
                new[] { ("set:" + text, "set value:" + text), ("start:" + text, "value:" + text) },
                trial.UserAttributes.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => (a.Key, a.Value)));
            Assert.NotNull(storage.GetLastHeartbeat("worker:" + text));
        }
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Study_names_are_listed_in_the_same_order_by_every_backend(string backend)
    {
        // Ordinal (UTF-16) order: SQLite's own order of UTF-8 bytes puts U+FFFD before an emoji.
        IStudyStorage storage = Open(backend);
        string[] names = ["b", "a", "\uFFFD", "😀", "é", "\uE000", "A"];
        foreach (string name in names)
        {
            storage.CreateOrLoadStudy(name, StudyDirection.Minimize, "f", "T.C");
        }

        Assert.Equal(names.Order(StringComparer.Ordinal), Reopen(backend, storage).GetStudyNames());
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void A_lone_surrogate_is_refused_at_the_door_with_the_field_and_position(string backend)
    {
        IStudyStorage storage = Open(backend);

        ArgumentException error = Assert.Throws<ArgumentException>(() => storage.CreateOrLoadStudy("ab\uD800cd", StudyDirection.Minimize, "f", "T.C"));
        AssertNames(error, "study name", 2, "U+D800");
        Assert.Empty(storage.GetStudyNames());
        AssertNames(Assert.Throws<ArgumentException>(() => storage.FindStudy("\uDC00")), "study name", 0, "U+DC00");
        AssertNames(Assert.Throws<ArgumentException>(() => storage.CreateOrLoadStudy("s", StudyDirection.Minimize, "f", "T.C \uDFFF")), "space description", 4, "U+DFFF");

        long study = storage.CreateOrLoadStudy("s 😀", StudyDirection.Minimize, "f", "T.C").Id;
        AssertNames(
            Assert.Throws<ArgumentException>(() => storage.TryCreateTrial(study, new NewTrial(TrialState.Running, new Dictionary<string, double> { ["x"] = 0.5 }, Worker: "w", Attributes: new Dictionary<string, string> { ["k"] = "\uDE00\uD83D" }))),
            "attribute 'k'",
            0,
            "U+DE00");
        AssertNames(
            Assert.Throws<ArgumentException>(() => storage.TryCreateTrial(study, new NewTrial(TrialState.Running, new Dictionary<string, double> { ["x\uD83D"] = 0.5 }))),
            "parameter name",
            1,
            "U+D83D");
        AssertNames(Assert.Throws<ArgumentException>(() => storage.TryCreateTrial(study, new NewTrial(TrialState.Waiting, new Dictionary<string, double>(), ClaimKey: "grid:\uD800"))), "claim key", 5, "U+D800");
        AssertNames(
            Assert.Throws<ArgumentException>(() => storage.TryCreateTrial(study, new NewTrial(TrialState.Running, new Dictionary<string, double> { ["x"] = 0.5 }, Distributions: new Dictionary<string, string> { ["x"] = "float(0, 1)\uDC00" }))),
            "distribution of parameter 'x'",
            11,
            "U+DC00");
        Assert.Empty(storage.GetTrials(study));

        FrozenTrial trial = storage.TryCreateTrial(study, new NewTrial(TrialState.Running, new Dictionary<string, double> { ["x"] = 0.5 }, Worker: "w"))!;
        AssertNames(Assert.Throws<ArgumentException>(() => storage.SetUserAttribute(trial.Id, "fold", "x\uDC00")), "attribute 'fold'", 1, "U+DC00");
        AssertNames(Assert.Throws<ArgumentException>(() => storage.SetUserAttribute(trial.Id, "\uD800", "x")), "attribute key", 0, "U+D800");
        AssertNames(Assert.Throws<ArgumentException>(() => storage.FinishTrial(trial.Id, TrialState.Failed, null, "boom \uD800")), "fail reason", 5, "U+D800");
        AssertNames(Assert.Throws<ArgumentException>(() => storage.FailAndRetryTrial(trial.Id, "\uDBFF!", new NewTrial(TrialState.Waiting, new Dictionary<string, double>()))), "fail reason", 0, "U+DBFF");
        AssertNames(Assert.Throws<ArgumentException>(() => storage.Heartbeat("w\uD800")), "worker", 1, "U+D800");
        AssertNames(Assert.Throws<ArgumentException>(() => storage.TryClaimWaitingTrial(study, "w\uD800")), "worker", 1, "U+D800");

        // Nothing was written: the trial is still running, without attributes, and can finish with a valid reason.
        FrozenTrial unchanged = storage.GetTrial(trial.Id);
        Assert.Equal(TrialState.Running, unchanged.State);
        Assert.Empty(unchanged.UserAttributes);
        Assert.Single(storage.GetTrials(study));
        Assert.Equal("boom 😀", storage.FinishTrial(trial.Id, TrialState.Failed, null, "boom 😀").FailReason);
        Assert.Equal("boom 😀", Reopen(backend, storage).GetTrial(trial.Id).FailReason);
    }

    private static void AssertNames(ArgumentException error, string field, int position, string codeUnit)
    {
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
        Assert.Contains($"position {position}", error.Message, StringComparison.Ordinal);
        Assert.Contains(codeUnit, error.Message, StringComparison.Ordinal);
        Assert.Contains("surrogate", error.Message, StringComparison.Ordinal);
    }

    // Assert.Equal on long strings with NULs prints unreadably; compare lengths first, then the first difference.
    private static void AssertSameText(string expected, string? actual)
    {
        Assert.NotNull(actual);
        int difference = Enumerable.Range(0, Math.Min(expected.Length, actual.Length)).FirstOrDefault(i => expected[i] != actual[i], -1);
        Assert.True(
            expected.Length == actual.Length && difference < 0,
            $"expected {expected.Length} characters, got {actual.Length}; first difference at {(difference < 0 ? Math.Min(expected.Length, actual.Length) : difference)}");
    }
}
