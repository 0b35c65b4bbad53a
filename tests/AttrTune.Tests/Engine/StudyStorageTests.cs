using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using AttrTune.Distributions;
using AttrTune.SearchSpaces;
using AttrTune.Storage;
using Xunit;

namespace AttrTune.Tests.Engine;

/// <summary>Storage URLs, the stored space read back without the config type, and failures as a study stores them.</summary>
public sealed class StudyStorageTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("attrtune-url-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Sqlite_urls_name_relative_and_absolute_files_as_optuna_does()
    {
        string absolute = Path.Combine(_directory, "abs.db");
        using (IStudyStorage storage = StudyStorage.Open("sqlite:///" + absolute))
        {
            Assert.Equal(absolute, Assert.IsType<SqliteStorage>(storage).Path);
        }

        string previous = Environment.CurrentDirectory;
        try
        {
            Environment.CurrentDirectory = _directory;
            using IStudyStorage relative = StudyStorage.Open("sqlite:///sub%20dir.db");
            Assert.Equal("sub dir.db", Assert.IsType<SqliteStorage>(relative).Path);
        }
        finally
        {
            Environment.CurrentDirectory = previous;
        }

        Assert.True(File.Exists(Path.Combine(_directory, "sub dir.db")));
        using IStudyStorage plain = StudyStorage.Open(Path.Combine(_directory, "plain.db"));
        Assert.IsType<SqliteStorage>(plain);
        using IStudyStorage memory = StudyStorage.Open("memory:");
        Assert.IsType<InMemoryStorage>(memory);
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("sqlite:///", "names no file")]
    [InlineData("sqlite:/studies.db", "three slashes")]
    [InlineData("mysql://root:hunter2@db/studies", "the scheme 'mysql', which is not supported")]
    [InlineData("postgresql://alice:s3cret@db.example:5432/", "names no database")]
    [InlineData("postgresql://alice:s3cret@db.example:5432/x?no_such_key=1", "cannot be read")]
    public void A_bad_url_is_named_with_its_rule_and_never_shows_a_password(string url, string rule)
    {
        var error = Assert.Throws<ArgumentException>(() => StudyStorage.Open(url));
        Assert.Contains(rule, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postgresql://alice:s3cret@db:5432/x", "postgresql://alice:***@db:5432/x")]
    [InlineData("postgresql://alice@db/x", "postgresql://alice@db/x")]
    [InlineData("Host=db;Username=alice;Password=s3cret;Database=x", "Host=db;Username=alice;Password=***;Database=x")]
    [InlineData("host=db; pwd = s3cret", "host=db; pwd =***")]
    [InlineData("sqlite:///a:b@c.db", "sqlite:///a:b@c.db")]
    public void Redaction_hides_passwords_only(string url, string shown) => Assert.Equal(shown, StudyStorage.Redact(url));

    [Fact]
    public void A_missing_folder_is_named()
    {
        var error = Assert.ThrowsAny<AttrTuneException>(() => StudyStorage.Open("sqlite:///" + Path.Combine(_directory, "no-such-folder", "s.db")));
        Assert.Contains("no-such-folder", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string> Spaces() => new() { "ten", "kitchen-sink", "typed-choices" };

    [Theory]
    [MemberData(nameof(Spaces))]
    public void A_space_read_back_from_json_has_the_same_parameters_distributions_defaults_and_conditions(string which)
    {
        SearchSpaceDescriptor space = which switch
        {
            "ten" => TenParameters.Descriptor,
            "kitchen-sink" => KitchenSink.Descriptor,
            _ => new SearchSpaceDescriptorBuilder("T.Typed")
                .Add("b", new CategoricalDistribution<bool>(false, true), 1)
                .Add("i", new CategoricalDistribution<int>(16, 32, 64))
                .Add("l", new CategoricalDistribution<long>(1L << 40, 3))
                .Add("d", new CategoricalDistribution<double>(0.5, double.NaN, 1e-300))
                .Add("s", new CategoricalDistribution<string?>("a \"quoted\" \\ one", null, "ü"))
                .Add("e", new CategoricalDistribution<DayOfWeek>(DayOfWeek.Monday, DayOfWeek.Friday))
                .Add("f", new FloatDistribution(1e-5, 1, log: true), 1e-3, gridPoints: 7, mutable: true)
                .Add("q", new FloatDistribution(0.25f, 2, step: 0.25, singlePrecision: true))
                .Add("n", new IntDistribution(-10, 1000, step: 5), 5)
                .Add("g", new IntDistribution(1, 1 << 20, log: true))
                .Build(),
        };

        SearchSpaceDescriptor back = SearchSpaceDescriptor.FromJson(space.ToJson());
        Assert.Equal(space.TypeName, back.TypeName);
        Assert.Equal(space.Count, back.Count);
        for (int i = 0; i < space.Count; i++)
        {
            ParameterDescriptor expected = space.Parameters[i];
            ParameterDescriptor actual = back.Parameters[i];
            Assert.Equal(expected.Name, actual.Name);
            Assert.Equal(expected.DefaultValue, actual.DefaultValue);
            Assert.Equal(expected.GridPoints, actual.GridPoints);
            Assert.Equal(expected.IsMutable, actual.IsMutable);
            Assert.Equal(expected.Condition?.ParentName, actual.Condition?.ParentName);
            Assert.Equal(expected.Condition?.ParentIndex, actual.Condition?.ParentIndex);
            Assert.Equal(expected.Condition?.AllowedChoices.ToArray(), actual.Condition?.AllowedChoices.ToArray());
            if (expected.Distribution is CategoricalDistribution choices && choices.GetChoice(0) is Enum)
            {
                // Enum members come back by name.
                var names = (CategoricalDistribution)actual.Distribution;
                Assert.Equal(Enumerable.Range(0, choices.Count).Select(k => choices.GetChoice(k)!.ToString()), Enumerable.Range(0, names.Count).Select(k => names.GetChoice(k)));
            }
            else
            {
                Assert.Equal(expected.Distribution.CanonicalText, actual.Distribution.CanonicalText);
            }
        }

        bool hasEnumChoices = space.Parameters.Any(p => p.Distribution is CategoricalDistribution c && c.GetChoice(0) is Enum);
        Assert.Equal(!hasEnumChoices, space.Fingerprint == back.Fingerprint);
    }

    [Theory]
    [InlineData("not json", "not a stored search space")]
    [InlineData("""{"format":3,"type":"T","parameters":[]}""", "format 3, newer than this version")]
    [InlineData("""{"format":1,"type":"T","parameters":[{"name":"x","kind":"wavelet"}]}""", "unknown distribution kind 'wavelet'")]
    [InlineData("""{"format":1,"type":"T","parameters":[{"name":"x","kind":"float","low":2,"high":1,"log":false,"step":0,"singlePrecision":false}]}""", "not a stored search space")]
    public void A_bad_stored_space_is_a_format_error_that_says_why(string json, string why) =>
        Assert.Contains(why, Assert.Throws<FormatException>(() => SearchSpaceDescriptor.FromJson(json)).Message, StringComparison.Ordinal);

    [Fact]
    public async Task A_study_stores_its_space_and_the_exception_of_a_failed_trial_and_a_tool_reads_both_back()
    {
        string path = Path.Combine(_directory, "s.db");
        using (IStudyStorage storage = StudyStorage.Open("sqlite:///" + path))
        {
            var study = Study<TenParameters>.CreateOrResume("s", new StudyOptions { Storage = storage, Sampler = new Samplers.RandomSampler(1) });
            int calls = 0;
            await study.OptimizeAsync(_ => ++calls == 2 ? Thrower.Throw() : 1.0, new OptimizeOptions { MaxTrials = 3 });
        }

        using IStudyStorage reader = StudyStorage.Open(path);
        StudyRecord record = reader.FindStudy("s")!;
        Assert.Equal(TenParameters.Descriptor.Fingerprint, record.SpaceFingerprint);
        Assert.Equal(TenParameters.Descriptor.Parameters.Select(p => p.Name), record.Space!.Parameters.Select(p => p.Name));
        FrozenTrial failed = reader.GetTrials(record.Id)[1];
        Assert.Equal(typeof(InvalidDataException).FullName, failed.Failure!.ExceptionType);
        Assert.Equal("fold 2 has no rows", failed.Failure.Message);
        Assert.Contains($"{nameof(Thrower)}.{nameof(Thrower.Throw)}", failed.Failure.StackTrace, StringComparison.Ordinal);
        Assert.StartsWith("System.IO.InvalidDataException: fold 2 has no rows", failed.FailReason, StringComparison.Ordinal);
    }

    private static class Thrower
    {
        public static double Throw() => throw new InvalidDataException("fold 2 has no rows");
    }
}
