using System.Collections.Concurrent;
using AttrTune.Analysis;
using AttrTune.SearchSpaces;
using AttrTune.Storage;

namespace AttrTune.Cli.Dashboard;

/// <summary>The dashboard's views of the storage's studies, created on first visit and kept while the study exists.</summary>
internal sealed class StudyViews
{
    private readonly ConcurrentDictionary<long, StudyView> _byId = new();
    private readonly ImportanceOptions _importance;

    public StudyViews(IStudyStorage storage, ImportanceOptions importance)
    {
        Storage = storage;
        _importance = importance;
    }

    public IStudyStorage Storage { get; }

    /// <summary>
    /// The study named <paramref name="name"/>, looked up through the storage (a parameterised query: a name is never
    /// part of SQL or of a path); null when there is none.
    /// </summary>
    public StudyRecord? FindRecord(string name) => Storage.FindStudy(name);

    /// <summary>The view of the study named <paramref name="name"/>, or null when there is none or it was stored without its space.</summary>
    public StudyView? Find(string name)
    {
        if (FindRecord(name) is not { } record || record.SpaceJson is null)
        {
            return null;
        }

        StudyView view = _byId.GetOrAdd(record.Id, _ => Create(record));
        if (view.Record.Name != record.Name)
        {
            // Renamed since the view was made: the page shows the new name.
            view = _byId[record.Id] = Create(record);
        }

        return view;
    }

    /// <summary>Forgets a deleted study's view.</summary>
    public void Forget(long studyId) => _byId.TryRemove(studyId, out _);

    private StudyView Create(StudyRecord record)
    {
        SearchSpaceDescriptor space = record.Space!;
        return new StudyView(Storage, record, space, _importance);
    }
}
