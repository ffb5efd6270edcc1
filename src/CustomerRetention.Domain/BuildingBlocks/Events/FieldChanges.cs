namespace CustomerRetention.Domain.BuildingBlocks.Events;

/// <summary>
/// Collects the names (as the API spells them) of the fields an update changed, and their values
/// before it: once the entity is changed the old values are gone, and the audit log shows them.
/// </summary>
public sealed class FieldChanges
{
    private readonly List<string> _names = [];
    private readonly Dictionary<string, object?> _previous = [];

    public IReadOnlyList<string> Names => _names;

    /// <summary>The value each changed field had before the update, by field name.</summary>
    public IReadOnlyDictionary<string, object?> Previous => _previous;

    public bool Any => _names.Count > 0;

    public FieldChanges Compare<T>(string name, T before, T after)
    {
        if (!EqualityComparer<T>.Default.Equals(before, after))
        {
            Add(name, before);
        }

        return this;
    }

    public FieldChanges CompareSequence<T>(string name, IEnumerable<T> before, IEnumerable<T> after)
    {
        if (!before.SequenceEqual(after))
        {
            Add(name, before);
        }

        return this;
    }

    /// <summary>Maps compare by key and by value; numbers compare by value whatever their CLR type.</summary>
    public FieldChanges CompareMap(string name, IReadOnlyDictionary<string, object> before, IReadOnlyDictionary<string, object> after)
    {
        var same = before.Count == after.Count
            && before.All(pair => after.TryGetValue(pair.Key, out var other) && SameValue(pair.Value, other));
        if (!same)
        {
            Add(name, before);
        }

        return this;
    }

    private void Add(string name, object? before)
    {
        _names.Add(name);
        _previous[name] = before;
    }

    private static bool SameValue(object a, object b) =>
        IsNumber(a) && IsNumber(b) ? Convert.ToDecimal(a, System.Globalization.CultureInfo.InvariantCulture) == Convert.ToDecimal(b, System.Globalization.CultureInfo.InvariantCulture) : Equals(a, b);

    private static bool IsNumber(object value) => value is decimal or double or float or int or long or short or byte;
}
