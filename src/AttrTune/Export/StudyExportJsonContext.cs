using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace AttrTune.Export;

/// <summary>
/// Source-generated System.Text.Json metadata for the export records, so that exports are written without
/// reflection (the runtime is trimming- and AOT-compatible). Internal: the records carry their own JSON names, so
/// callers need none of this context's generated members to read an export.
/// </summary>
[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(StudyExportDocument))]
[JsonSerializable(typeof(IReadOnlyDictionary<long, double>))]
internal sealed partial class StudyExportJsonContext : JsonSerializerContext
{
}
