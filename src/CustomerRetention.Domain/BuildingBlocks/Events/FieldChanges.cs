namespace CustomerRetention.Domain.BuildingBlocks.Events;

/// <summary>Collects the names (as the API spells them) of the fields an update changed.</summary>
public sealed class FieldChanges
{
    private readonly List<string> _names = [];

    public IReadOnlyList<string> Names => _names;

    public bool Any => _names.Count > 0;

    public FieldChanges Compare<T>(string name, T before, T after)
    {
        if (!EqualityComparer<T>.Default.Equals(before, after))
        {
            _names.Add(name);
        }

        return this;
    }

    public FieldChanges CompareSequence<T>(string name, IEnumerable<T> before, IEnumerable<T> after)
    {
        if (!before.SequenceEqual(after))
        {
            _names.Add(name);
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
            _names.Add(name);
        }

        return this;
    }

    private static bool SameValue(object a, object b) =>
        IsNumber(a) && IsNumber(b) ? Convert.ToDecimal(a, System.Globalization.CultureInfo.InvariantCulture) == Convert.ToDecimal(b, System.Globalization.CultureInfo.InvariantCulture) : Equals(a, b);

    private static bool IsNumber(object value) => value is decimal or double or float or int or long or short or byte;
}
