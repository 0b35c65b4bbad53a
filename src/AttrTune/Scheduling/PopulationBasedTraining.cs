using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using AttrTune.Distributions;
using AttrTune.Randomness;
using AttrTune.SearchSpaces;
using AttrTune.Storage;

namespace AttrTune.Scheduling;

/// <summary>
/// Population-based training (Jaderberg et al., 2017), synchronous: members train side by side for an interval;
/// then each member of the bottom quantile copies the weights and hyperparameters of a random member of the top
/// quantile (exploit) and perturbs the parameters the space marks <see cref="MutableAttribute"/> (explore),
/// through the generated space, so bounds, steps, choices and conditions always hold. Every member is a trial
/// of the study: it reports its metric at each step, keeps its checkpoint in the study's storage at each
/// interval, and stores its schedule as the <c>pbt.schedule</c> attribute; <see cref="Replay"/> replays one.
/// A run that was interrupted (a crash, a kill, a cancellation) is resumed by the next <see cref="RunAsync"/>
/// on the same study: each member continues, as a new trial, from its last stored checkpoint.
/// </summary>
/// <typeparam name="TConfig">The configuration type.</typeparam>
public sealed class PopulationBasedTraining<TConfig>
    where TConfig : class, ISearchSpace<TConfig>
{
    /// <summary>The attribute holding a member's schedule (JSON).</summary>
    public const string ScheduleAttribute = "pbt.schedule";

    /// <summary>The attribute holding the step of a member's stored checkpoint.</summary>
    public const string CheckpointStepAttribute = "pbt.step";

    /// <summary>
    /// The attribute holding the copies a member made (JSON: <c>[{"step":4,"fromTrial":7}]</c>, in order), so a report
    /// can draw which member copied which. The schedule alone cannot say: a member that is later copied over loses
    /// its own history from its schedule.
    /// </summary>
    public const string ExploitsAttribute = "pbt.exploits";

    /// <summary>The attribute linking a resumed member to the trial it continues.</summary>
    public const string ResumedFromAttribute = "pbt.resumedFrom";

    /// <summary>
    /// The attribute marking the trial whose checkpoint holds the whole population after each round (every member's
    /// weights, configuration, schedule and last value, the step, and the explore random stream), written in one
    /// atomic save so that a resumed run continues exactly where the interrupted one was.
    /// </summary>
    public const string PopulationAttribute = "pbt.population";

    private const int PopulationFormat = 1;

    private readonly Study<TConfig> _study;
    private readonly Func<ITrainable<TConfig>> _createTrainable;
    private readonly PbtOptions _options;
    private readonly RandomSource _random;
    private readonly ICheckpointStore _checkpoints;

    /// <summary>Prepares a run whose members are new trials of <paramref name="study"/> (initial configurations from its sampler).</summary>
    public PopulationBasedTraining(Study<TConfig> study, Func<ITrainable<TConfig>> createTrainable, PbtOptions? options = null)
    {
        _study = study ?? throw new ArgumentNullException(nameof(study));
        _createTrainable = createTrainable ?? throw new ArgumentNullException(nameof(createTrainable));
        _options = options ?? new PbtOptions();
        _options.Validate();
        if (!TConfig.Descriptor.Parameters.Any(p => p.IsMutable))
        {
            throw new InvalidOperationException($"{TConfig.Descriptor.TypeName} has no [Mutable] parameter: population-based training would have nothing to explore.");
        }

        _random = new RandomSource(_options.Seed);
        _checkpoints = study.Storage as ICheckpointStore
            ?? throw new ArgumentException($"Population-based training keeps checkpoints in the study's storage, and {study.Storage.GetType().Name} does not implement ICheckpointStore.", nameof(study));
    }

    /// <summary>Explores a configuration: perturbs its mutable parameters, keeping the result in the space.</summary>
    public TConfig Explore(TConfig config)
    {
        SearchSpaceDescriptor descriptor = TConfig.Descriptor;
        var values = new double[descriptor.Count];
        config.WriteValues(values);
        var before = (double[])values.Clone();
        foreach (ParameterDescriptor parameter in descriptor.Parameters)
        {
            if (!parameter.IsMutable || double.IsNaN(values[parameter.Index]))
            {
                continue;
            }

            Distribution distribution = parameter.Distribution;
            values[parameter.Index] = distribution is CategoricalDistribution
                ? _random.NextDouble() < _options.ResampleProbability ? distribution.Sample(_random) : values[parameter.Index]
                : Perturb(distribution, values[parameter.Index]);
        }

        // A changed choice may switch conditional parameters on (drawn from their prior) or off.
        for (int i = 0; i < values.Length; i++)
        {
            bool active = descriptor.IsActive(i, values);
            values[i] = !active ? double.NaN : !double.IsNaN(values[i]) ? values[i] : !double.IsNaN(before[i]) ? before[i] : descriptor.Parameters[i].Distribution.Sample(_random);
        }

        return TConfig.FromParameters(ParameterSet.Create(descriptor, values));
    }

    /// <summary>Trains the population and returns the members, their schedules and the best one.</summary>
    public async Task<PbtResult<TConfig>> RunAsync(CancellationToken cancellationToken = default)
    {
        var members = new List<Member>();
        var exploits = new List<PbtExploit>();
        try
        {
            int start = ResumeInterruptedMembers(members);
            for (int i = members.Count; i < _options.PopulationSize; i++)
            {
                TrialHandle<TConfig> handle = _study.Ask();
                ITrainable<TConfig> trainable = _createTrainable();
                trainable.Setup(handle.Config);
                var member = new Member(handle, trainable);
                member.Schedule.Add(new PbtScheduleEntry<TConfig>(0, handle.Config, null));
                members.Add(member);
            }

            // The first member's trial keeps the population's checkpoint; marked before any round so a crash at any
            // later point finds it.
            members[0].Handle.Trial.SetAttribute(PopulationAttribute, string.Join(",", members.Select(m => m.Handle.Trial.Number.ToString(CultureInfo.InvariantCulture))));

            for (int step = start; step < _options.TotalSteps;)
            {
                int steps = Math.Min(_options.Interval, _options.TotalSteps - step);
                int from = step;
                await Parallel.ForEachAsync(
                    members,
                    new ParallelOptions { MaxDegreeOfParallelism = _options.Parallelism, CancellationToken = cancellationToken },
                    (member, ct) =>
                    {
                        for (int s = 1; s <= steps; s++)
                        {
                            // A step can be long (an epoch): the trainable gets the token, and no new step starts once it is cancelled.
                            ct.ThrowIfCancellationRequested();
                            IReadOnlyDictionary<string, double> metrics = member.Trainable.Step(ct);
                            if (!metrics.TryGetValue(_options.Metric, out double value) || !double.IsFinite(value))
                            {
                                throw new InvalidOperationException($"Trial {member.Handle.Trial.Number}: the trainable's step returned no finite '{_options.Metric}' metric.");
                            }

                            member.Last = value;
                            member.Handle.Trial.Report(from + s, value);
                        }

                        return ValueTask.CompletedTask;
                    }).ConfigureAwait(false);
                step += steps;
                if (step < _options.TotalSteps)
                {
                    ExploitAndExplore(members, step, exploits);
                }

                // One atomic save of the state the next round starts from (after exploit and explore): a resumed run
                // restores exactly this, so it trains the same weights with the same configurations and draws the
                // same explorations as the run that was interrupted. Written before the attributes, which are only
                // for people and tools to read.
                _checkpoints.SaveCheckpoint(members[0].Handle.Trial.Id, SavePopulation(members, step));
                foreach (Member member in members)
                {
                    member.Handle.Trial.SetAttribute(ScheduleAttribute, ScheduleJson(member.Schedule));
                    member.Handle.Trial.SetAttribute(CheckpointStepAttribute, step.ToString(CultureInfo.InvariantCulture));
                    if (ExploitsJson(exploits, member.Handle.Trial.Number) is { } copies)
                    {
                        member.Handle.Trial.SetAttribute(ExploitsAttribute, copies);
                    }
                }
            }

            var results = members.Select(m => _study.Tell(m.Handle, m.Last)).ToList();
            Member best = members.Aggregate((a, b) => _study.Direction.IsBetter(b.Last, a.Last) ? b : a);
            return new PbtResult<TConfig>(
                results,
                members.ToDictionary(m => m.Handle.Trial.Number, m => (IReadOnlyList<PbtScheduleEntry<TConfig>>)m.Schedule),
                exploits,
                best.Handle.Trial.Number);
        }
        catch (Exception exception)
        {
            foreach (Member member in members.Where(m => !m.Handle.Trial.Snapshot().State.IsFinished()))
            {
                if (exception is OperationCanceledException)
                {
                    _study.TellFailed(member.Handle, "Population-based training was cancelled.");
                }
                else
                {
                    _study.TellFailed(member.Handle, exception);
                }
            }

            throw;
        }
        finally
        {
            foreach (Member member in members)
            {
                member.Trainable.Dispose();
            }
        }
    }

    /// <summary>
    /// Trains a fresh trainable for <paramref name="totalSteps"/> steps following <paramref name="schedule"/>'s
    /// hyperparameter changes (keeping its own weights at each change) and returns the metric at every step.
    /// </summary>
    public static IReadOnlyList<double> Replay(IReadOnlyList<PbtScheduleEntry<TConfig>> schedule, Func<ITrainable<TConfig>> createTrainable, int totalSteps, string metric)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(createTrainable);
        if (schedule.Count == 0 || schedule[0].Step != 0)
        {
            throw new ArgumentException("A schedule starts with the configuration at step 0.", nameof(schedule));
        }

        using ITrainable<TConfig> trainable = createTrainable();
        trainable.Setup(schedule[0].Config);
        var trace = new List<double>();
        int next = 1;
        for (int step = 0; step < totalSteps; step++)
        {
            if (next < schedule.Count && schedule[next].Step == step)
            {
                byte[] state = trainable.Save();
                trainable.Setup(schedule[next].Config);
                trainable.Restore(state);
                next++;
            }

            trace.Add(trainable.Step(CancellationToken.None)[metric]);
        }

        return trace;
    }

    // An interrupted run (a crash, a cancellation) left its population's last round in one checkpoint: continue
    // each member as a new trial from there instead of starting over. Returns the step to start at.
    private int ResumeInterruptedMembers(List<Member> members)
    {
        IReadOnlyList<FrozenTrial> trials = _study.Storage.GetTrials(_study.Record.Id);
        var resumed = new HashSet<string>(trials.Select(t => t.UserAttributes.GetValueOrDefault(ResumedFromAttribute)).OfType<string>(), StringComparer.Ordinal);
        List<(FrozenTrial Anchor, byte[] Population)> interrupted = trials
            .Where(t => t.State != TrialState.Complete && t.UserAttributes.ContainsKey(PopulationAttribute)
                && !resumed.Contains(t.Number.ToString(CultureInfo.InvariantCulture)))
            .Select(t => (Anchor: t, Population: _checkpoints.LoadCheckpoint(t.Id)))
            .Where(p => p.Population is not null)
            .Select(p => (p.Anchor, p.Population!))
            .ToList();
        if (interrupted.Count == 0)
        {
            return 0;
        }

        if (interrupted.Count > 1)
        {
            throw new InvalidOperationException(
                $"Study '{_study.Name}' holds {interrupted.Count} interrupted populations (anchored at trials {string.Join(", ", interrupted.Select(p => p.Anchor.Number))}); resume them one study each, or use a new study to start over.");
        }

        (FrozenTrial anchor, byte[] population) = interrupted[0];
        using var reader = new BinaryReader(new MemoryStream(population));
        int format = reader.ReadInt32();
        if (format != PopulationFormat)
        {
            throw new InvalidOperationException($"Trial {anchor.Number} holds a population checkpoint of format {format}; this version reads format {PopulationFormat}.");
        }

        int step = reader.ReadInt32();
        Span<ulong> random = stackalloc ulong[4];
        for (int k = 0; k < 4; k++)
        {
            random[k] = reader.ReadUInt64();
        }

        int count = reader.ReadInt32();
        if (count != _options.PopulationSize)
        {
            throw new InvalidOperationException(
                $"Study '{_study.Name}' holds an interrupted population of {count} members at step {step}; these options ask for {_options.PopulationSize}. Resume with the same options, or use a new study to start over.");
        }

        _random.RestoreState(random);
        for (int m = 0; m < count; m++)
        {
            int oldNumber = reader.ReadInt32();
            double last = reader.ReadDouble();
            List<PbtScheduleEntry<TConfig>> schedule = ParseSchedule(reader.ReadString());
            byte[] weights = reader.ReadBytes(reader.ReadInt32());
            FrozenTrial old = trials.Single(t => t.Number == oldNumber);
            TConfig config = schedule[^1].Config;
            TrialHandle<TConfig> handle = _study.StartTrial(config);
            handle.Trial.SetAttribute(ResumedFromAttribute, oldNumber.ToString(CultureInfo.InvariantCulture));
            foreach ((long reported, double value) in old.IntermediateValues.Where(v => v.Key <= step))
            {
                handle.Trial.Report(reported, value);
            }

            ITrainable<TConfig> trainable = _createTrainable();
            trainable.Setup(config);
            trainable.Restore(weights);
            var member = new Member(handle, trainable) { Last = last, Config = config };
            member.Schedule.AddRange(schedule);
            members.Add(member);
        }

        members[0].Handle.Trial.SetAttribute(PopulationAttribute, string.Join(",", members.Select(m => m.Handle.Trial.Number.ToString(CultureInfo.InvariantCulture))));
        return step;
    }

    private byte[] SavePopulation(List<Member> members, int step)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write(PopulationFormat);
            writer.Write(step);
            foreach (ulong word in _random.SaveState())
            {
                writer.Write(word);
            }

            writer.Write(members.Count);
            foreach (Member member in members)
            {
                writer.Write(member.Handle.Trial.Number);
                writer.Write(member.Last);
                writer.Write(ScheduleJson(member.Schedule));
                byte[] weights = member.Trainable.Save();
                writer.Write(weights.Length);
                writer.Write(weights);
            }
        }

        return stream.ToArray();
    }

    private static List<PbtScheduleEntry<TConfig>> ParseSchedule(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        var schedule = new List<PbtScheduleEntry<TConfig>>();
        foreach (JsonElement entry in document.RootElement.EnumerateArray())
        {
            var values = entry.GetProperty("params").EnumerateObject().Select(p => new KeyValuePair<string, double>(p.Name, p.Value.GetDouble()));
            int? donor = entry.TryGetProperty("copiedFromTrial", out JsonElement from) ? from.GetInt32() : null;
            schedule.Add(new PbtScheduleEntry<TConfig>(entry.GetProperty("step").GetInt32(), TConfig.FromParameters(ParameterSet.FromNamed(TConfig.Descriptor, values)), donor));
        }

        return schedule;
    }

    private void ExploitAndExplore(List<Member> members, int step, List<PbtExploit> exploits)
    {
        int count = Math.Max(1, (int)Math.Floor(members.Count * _options.Quantile));
        List<Member> ranked = members.OrderBy(m => m.Last, Comparer<double>.Create((a, b) =>
            _study.Direction.IsBetter(a, b) ? -1 : _study.Direction.IsBetter(b, a) ? 1 : 0)).ToList();
        List<Member> top = ranked.Take(count).ToList();
        foreach (Member member in ranked.Skip(ranked.Count - count))
        {
            Member donor = top[_random.NextInt32(top.Count)];
            TConfig config = Explore(donor.Config);
            byte[] weights = donor.Trainable.Save();
            member.Trainable.Setup(config);
            member.Trainable.Restore(weights);
            member.Config = config;

            // The member now carries the donor's weights, so it inherits the donor's history too: its schedule is
            // the lineage of its weights, and replaying it retraces how they were trained.
            member.Schedule.Clear();
            member.Schedule.AddRange(donor.Schedule);
            member.Schedule.Add(new PbtScheduleEntry<TConfig>(step, config, donor.Handle.Trial.Number));
            exploits.Add(new PbtExploit(step, member.Handle.Trial.Number, donor.Handle.Trial.Number));
        }
    }

    private double Perturb(Distribution distribution, double value)
    {
        double factor = _options.PerturbationFactors[_random.NextInt32(_options.PerturbationFactors.Count)];
        double perturbed = distribution.Project(value * factor);

        // On a coarse step (or at a bound) a small factor can round back to the same value: move one step instead.
        if (perturbed == value && distribution is IntDistribution or FloatDistribution { Step: > 0 })
        {
            double step = distribution is IntDistribution ints ? ints.Step : ((FloatDistribution)distribution).Step;
            perturbed = distribution.Project(value + (factor > 1 ? step : -step));
        }

        return perturbed;
    }

    // Null while the member has copied no one: the attribute is then left out rather than stored empty.
    private static string? ExploitsJson(List<PbtExploit> exploits, int member)
    {
        if (!exploits.Exists(e => e.Member == member))
        {
            return null;
        }

        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartArray();
            foreach (PbtExploit exploit in exploits.Where(e => e.Member == member))
            {
                json.WriteStartObject();
                json.WriteNumber("step", exploit.Step);
                json.WriteNumber("fromTrial", exploit.Donor);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static string ScheduleJson(List<PbtScheduleEntry<TConfig>> schedule)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartArray();
            foreach (PbtScheduleEntry<TConfig> entry in schedule)
            {
                json.WriteStartObject();
                json.WriteNumber("step", entry.Step);
                if (entry.CopiedFromTrial is { } donor)
                {
                    json.WriteNumber("copiedFromTrial", donor);
                }

                json.WriteStartObject("params");
                foreach ((string name, double value) in entry.Config.ToParameters().ActiveValues)
                {
                    json.WriteNumber(name, value);
                }

                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private sealed class Member
    {
        public Member(TrialHandle<TConfig> handle, ITrainable<TConfig> trainable)
        {
            Handle = handle;
            Trainable = trainable;
            Config = handle.Config;
        }

        public TrialHandle<TConfig> Handle { get; }

        public ITrainable<TConfig> Trainable { get; }

        public TConfig Config { get; set; }

        public double Last { get; set; }

        public List<PbtScheduleEntry<TConfig>> Schedule { get; } = new();
    }
}
