using System;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.Data.Sqlite;

namespace AttrTune.Storage;

/// <summary>
/// Text written and read exactly, and stored values read with their column's kind checked.
/// </summary>
/// <remarks>
/// <para>
/// Text: the ADO.NET path cuts a string with a NUL character at the NUL once it is longer than 512 characters (the
/// native binding then passes it NUL-terminated). So text is bound as its UTF-8 bytes and the SQL casts them back
/// (<c>CAST($p AS TEXT)</c>: the same bytes, stored as TEXT), and read as the column's bytes, decoded strictly. Every
/// string that reaches here is valid UTF-16 (<see cref="StorageChecks.Text"/> refuses lone surrogates), so its UTF-8
/// bytes are exact.
/// </para>
/// <para>
/// Reads: a value its column cannot hold (text in a number column, a NULL where none is allowed, bytes that are no
/// UTF-8, a timestamp that does not parse) throws <see cref="StoredValueException"/>, which the storage turns into a
/// <see cref="CorruptStudyException"/> naming the study, the trial and the column.
/// </para>
/// </remarks>
internal static class SqliteValues
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The value to bind for <paramref name="text"/>; the statement reads it as <c>CAST($p AS TEXT)</c>.</summary>
    public static object Text(string? text) => text is null ? DBNull.Value : Encoding.UTF8.GetBytes(text);

    /// <summary>
    /// The value to bind for several finite numbers: a JSON array of their shortest round-trip forms (<c>[0.5,12]</c>),
    /// readable by SQLite's own JSON functions and exact on the way back; NULL for none.
    /// </summary>
    public static object Reals(ImmutableArray<double> values)
    {
        if (values.IsDefaultOrEmpty)
        {
            return DBNull.Value;
        }

        var text = new StringBuilder("[");
        for (int i = 0; i < values.Length; i++)
        {
            text.Append(i == 0 ? "" : ",").Append(values[i].ToString("R", CultureInfo.InvariantCulture));
        }

        return Text(text.Append(']').ToString());
    }

    /// <summary>Reads <see cref="Reals(ImmutableArray{double})"/>'s form back; empty for NULL.</summary>
    public static ImmutableArray<double> Reals(SqliteDataReader reader, int ordinal, string column)
    {
        if (reader.IsDBNull(ordinal))
        {
            return ImmutableArray<double>.Empty;
        }

        string text = Text(reader, ordinal, column);
        if (text.Length < 2 || text[0] != '[' || text[^1] != ']')
        {
            throw new StoredValueException(column, $"holds '{text}', which is not a list of numbers like [0.5,12]");
        }

        string[] parts = text[1..^1].Split(',');
        var values = ImmutableArray.CreateBuilder<double>(parts.Length);
        foreach (string part in parts)
        {
            if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
            {
                throw new StoredValueException(column, $"holds '{text}', whose element '{part}' is not a finite number");
            }

            values.Add(value);
        }

        return values.MoveToImmutable();
    }

    public static long Integer(SqliteDataReader reader, int ordinal, string column)
    {
        Type type = TypeOf(reader, ordinal, column);
        return type == typeof(long) ? reader.GetInt64(ordinal) : throw Bad(reader, ordinal, column, "where an integer belongs");
    }

    public static double Real(SqliteDataReader reader, int ordinal, string column)
    {
        Type type = TypeOf(reader, ordinal, column);
        if (type != typeof(double) && type != typeof(long))
        {
            throw Bad(reader, ordinal, column, "where a number belongs");
        }

        double value = reader.GetDouble(ordinal);
        return double.IsFinite(value) ? value : throw Bad(reader, ordinal, column, "where a finite number belongs");
    }

    public static double? NullableReal(SqliteDataReader reader, int ordinal, string column)
    {
        if (reader.IsDBNull(ordinal))
        {
            return null;
        }

        Type type = reader.GetFieldType(ordinal);
        return type == typeof(double) || type == typeof(long) ? reader.GetDouble(ordinal) : throw Bad(reader, ordinal, column, "where a number belongs");
    }

    public static string Text(SqliteDataReader reader, int ordinal, string column)
    {
        Type type = TypeOf(reader, ordinal, column);
        if (type != typeof(string))
        {
            throw Bad(reader, ordinal, column, "where text belongs");
        }

        byte[] bytes = reader.GetFieldValue<byte[]>(ordinal);
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            string hex = Convert.ToHexString(bytes, 0, Math.Min(bytes.Length, 16)) + (bytes.Length > 16 ? "..." : string.Empty);
            throw new StoredValueException(column, $"holds text that is not UTF-8 (the bytes {hex})");
        }
    }

    public static string? NullableText(SqliteDataReader reader, int ordinal, string column) =>
        reader.IsDBNull(ordinal) ? null : Text(reader, ordinal, column);

    public static DateTimeOffset? NullableTimestamp(SqliteDataReader reader, int ordinal, string column) =>
        reader.IsDBNull(ordinal) ? null : Timestamp(reader, ordinal, column);

    public static DateTimeOffset Timestamp(SqliteDataReader reader, int ordinal, string column)
    {
        Type type = TypeOf(reader, ordinal, column);
        if (type != typeof(string))
        {
            throw Bad(reader, ordinal, column, "where a timestamp belongs");
        }

        string text = Text(reader, ordinal, column);
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out DateTimeOffset parsed)
            ? parsed
            : throw new StoredValueException(column, $"holds {Quote(text)}, which is not a timestamp (expected one like 2024-05-01T12:00:00.0000000+00:00)");
    }

    /// <summary>A value of an enum column: an integer that names a member.</summary>
    public static TEnum Member<TEnum>(SqliteDataReader reader, int ordinal, string column)
        where TEnum : struct, Enum
    {
        long value = Integer(reader, ordinal, column);
        TEnum member = (TEnum)System.Enum.ToObject(typeof(TEnum), value);
        if (value is < int.MinValue or > int.MaxValue || !System.Enum.IsDefined(member))
        {
            string members = string.Join(", ", System.Enum.GetValues<TEnum>().Select(m => $"{Convert.ToInt64(m, CultureInfo.InvariantCulture)} {m}"));
            throw new StoredValueException(column, $"holds {value.ToString(CultureInfo.InvariantCulture)}, which is no {typeof(TEnum).Name} ({members})");
        }

        return member;
    }

    private static Type TypeOf(SqliteDataReader reader, int ordinal, string column) =>
        reader.IsDBNull(ordinal) ? throw new StoredValueException(column, "is NULL, and a value is required") : reader.GetFieldType(ordinal);

    private static StoredValueException Bad(SqliteDataReader reader, int ordinal, string column, string where) =>
        new(column, $"holds {Describe(reader, ordinal)} {where}");

    private static string Describe(SqliteDataReader reader, int ordinal)
    {
        Type type = reader.GetFieldType(ordinal);
        if (type == typeof(long))
        {
            return "the integer " + reader.GetInt64(ordinal).ToString(CultureInfo.InvariantCulture);
        }

        if (type == typeof(double))
        {
            return "the number " + reader.GetDouble(ordinal).ToString("R", CultureInfo.InvariantCulture);
        }

        if (type == typeof(string))
        {
            return "the text " + Quote(Encoding.UTF8.GetString(reader.GetFieldValue<byte[]>(ordinal)));
        }

        return $"a blob of {reader.GetFieldValue<byte[]>(ordinal).Length} bytes";
    }

    private static string Quote(string text) => text.Length <= 40 ? $"'{text}'" : $"'{text[..40]}...' ({text.Length} characters)";
}

/// <summary>
/// A stored value its column cannot hold; caught by the storage, which knows the study and trial, and rethrown as
/// <see cref="CorruptStudyException"/>.
/// </summary>
internal sealed class StoredValueException : Exception
{
    public StoredValueException(string column, string problem)
        : base($"{column} {problem}")
    {
        Column = column;
        Problem = problem;
    }

    /// <summary>The column, as <c>table.column</c>.</summary>
    public string Column { get; }

    /// <summary>What it holds and what belongs there.</summary>
    public string Problem { get; }
}
