using System.Globalization;
using System.Text;
using Npgsql;

namespace CustomerRetention.Api.Tests.Support;

/// <summary>
/// A fingerprint of every application table of a test database (public schema; the migration
/// history excluded): per table its row count and the md5 of its rows in a fixed order, either
/// of their content (the rows' text, sorted by it, so no key needs to be known) or of their row
/// versions. Equal fingerprints before and after a request mean the request changed nothing.
/// </summary>
/// <remarks>
/// One SQL round trip per fingerprint: the tables are enumerated from <c>pg_class</c> and one
/// prepared statement reads them all; the statement also returns the current table list, and is
/// rebuilt when a table appears or disappears (which then shows as a change). Partitioned tables
/// are read through their parent, so partitions created later are covered.
/// </remarks>
public sealed class DatabaseFingerprint : IAsyncDisposable
{
    private const string TableFilter =
        """
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
          AND c.relname NOT IN ('__EFMigrationsHistory', '__ef_migrations_history')
        """;

    private const string TableListKey = "(tables)";

    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlCommand?[] _commands = new NpgsqlCommand?[2];
    private string? _tables;

    private DatabaseFingerprint(NpgsqlConnection connection) => _connection = connection;

    /// <summary>Opens a connection of its own to the database.</summary>
    public static async Task<DatabaseFingerprint> OpenAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return new DatabaseFingerprint(connection);
    }

    /// <summary>Table name → "rows:md5" of every application table: of the rows' content, or of their row versions.</summary>
    /// <param name="kind">
    /// <see cref="FingerprintKind.Content"/>: the md5 of every row's text; <see cref="FingerprintKind.RowVersions"/>:
    /// the md5 of the rows' (tableoid, ctid, xmin), in that order. Row versions are much cheaper (no row is
    /// formatted) and stricter: any INSERT, UPDATE (even to the same values) or DELETE changes them,
    /// and they cannot change without a write. Content says whether a write changed data.
    /// </param>
    public async Task<IReadOnlyDictionary<string, string>> TakeAsync(FingerprintKind kind = FingerprintKind.Content)
    {
        for (var attempt = 0; ; attempt++)
        {
            var command = _commands[(int)kind] ??= await PrepareAsync(kind);
            var tables = new SortedDictionary<string, string>(StringComparer.Ordinal);
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    tables[reader.GetString(0)] = reader.IsDBNull(1) ? string.Empty : reader.GetString(1);
                }
            }

            if (tables[TableListKey] == _tables || attempt > 3)
            {
                tables.Remove(TableListKey);
                return tables;
            }

            foreach (var stale in _commands.Where(c => c is not null))
            {
                await stale!.DisposeAsync(); // a table appeared or disappeared: read the new set
            }

            Array.Clear(_commands);
        }
    }

    /// <summary>The tables whose fingerprint differs (added, removed or changed), in name order.</summary>
    public static IReadOnlyList<string> Changed(IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        return before.Keys.Union(after.Keys, StringComparer.Ordinal)
            .Where(t => !before.TryGetValue(t, out var b) || !after.TryGetValue(t, out var a) || !string.Equals(a, b, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private async Task<NpgsqlCommand> PrepareAsync(FingerprintKind kind)
    {
        var names = new List<string>();
        await using (var list = new NpgsqlCommand($"SELECT c.relname {TableFilter} ORDER BY c.relname COLLATE \"C\"", _connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                names.Add(reader.GetString(0));
            }
        }

        _tables = string.Join(',', names);
        var sql = new StringBuilder($"SELECT '{TableListKey}', (SELECT string_agg(c.relname, ',' ORDER BY c.relname COLLATE \"C\") {TableFilter})");
        foreach (var name in names)
        {
            var literal = name.Replace("'", "''", StringComparison.Ordinal);
            var identifier = "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
            var hash = kind == FingerprintKind.Content
                ? "md5(string_agg(t::text, E'\\n' ORDER BY t::text COLLATE \"C\"))"
                : "md5(string_agg(t.tableoid::text || t.ctid::text || t.xmin::text, ',' ORDER BY t.tableoid, t.ctid))";
            sql.Append(CultureInfo.InvariantCulture, $"\nUNION ALL SELECT '{literal}', (SELECT count(*) || ':' || coalesce({hash}, '') FROM public.{identifier} t)");
        }

        var command = new NpgsqlCommand(sql.ToString(), _connection);
        await command.PrepareAsync();
        return command;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in _commands.Where(c => c is not null))
        {
            await command!.DisposeAsync();
        }

        await _connection.DisposeAsync();
    }
}

/// <summary>What a <see cref="DatabaseFingerprint"/> hashes.</summary>
public enum FingerprintKind
{
    /// <summary>The rows' text.</summary>
    Content = 0,

    /// <summary>The rows' physical versions (tableoid, ctid, xmin).</summary>
    RowVersions = 1,
}
