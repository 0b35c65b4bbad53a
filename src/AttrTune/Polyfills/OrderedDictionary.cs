#if !NET9_0_OR_GREATER
using System.Diagnostics.CodeAnalysis;

namespace System.Collections.Generic;

/// <summary>
/// The part of .NET 9's <c>OrderedDictionary&lt;TKey, TValue&gt;</c> the library uses on .NET 8: a read-only
/// dictionary that enumerates in insertion order (the JSON export writes parameters in the space's order). Declared
/// under the real type's name and namespace, so the code using it compiles unchanged on both targets.
/// </summary>
internal sealed class OrderedDictionary<TKey, TValue> : IReadOnlyDictionary<TKey, TValue>
    where TKey : notnull
{
    private readonly List<KeyValuePair<TKey, TValue>> _entries = new();
    private readonly Dictionary<TKey, int> _indices;

    public OrderedDictionary(IEqualityComparer<TKey>? comparer) => _indices = new Dictionary<TKey, int>(comparer);

    public int Count => _entries.Count;

    public IEnumerable<TKey> Keys => _entries.ConvertAll(e => e.Key);

    public IEnumerable<TValue> Values => _entries.ConvertAll(e => e.Value);

    public TValue this[TKey key] => _entries[_indices[key]].Value;

    /// <summary>Appends an entry; throws, as the real type does, when the key is already present.</summary>
    public void Add(TKey key, TValue value)
    {
        _indices.Add(key, _entries.Count);
        _entries.Add(new KeyValuePair<TKey, TValue>(key, value));
    }

    public bool ContainsKey(TKey key) => _indices.ContainsKey(key);

    public bool TryGetValue(TKey key, [MaybeNullWhen(false)] out TValue value)
    {
        if (_indices.TryGetValue(key, out int index))
        {
            value = _entries[index].Value;
            return true;
        }

        value = default;
        return false;
    }

    public IEnumerator<KeyValuePair<TKey, TValue>> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
#endif
