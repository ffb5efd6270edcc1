using CustomerRetention.Application.Imports;
using CustomerRetention.Infrastructure.BuildingBlocks.Sql;

namespace CustomerRetention.Infrastructure.Imports;

/// <summary>The statements of the import engine (ADR 0023). Only the code's own constants, never input.</summary>
internal static class ImportSql
{
    /// <summary>The columns a row is staged with: valid (values normalised, ids drawn, its created state) or refused (its errors).</summary>
    private const string StagedColumns =
        """
        row_no bigint NOT NULL, fields int NOT NULL, ok boolean NOT NULL, err_fields text[], err_messages text[],
            id uuid, event_id uuid, transition_id uuid,
            external_id text, type text, name text, company text, email text, email_key text, phone text,
            address jsonb, birthday date, tags text[], tag_keys text[], attributes jsonb, owner_id uuid,
            consent_email boolean, consent_sms boolean, consent_phone boolean,
            lifecycle_stage text, stage_entered_at timestamptz, state jsonb
        """;

    private static readonly string StagedNames = string.Join(", ", StagedColumns.Split(',').Select(c => c.Trim().Split(' ')[0]));

    /// <summary>
    /// The tables: <c>import_rows</c>, the whole file (when it has to be checked for duplicates
    /// before any chunk is merged), and <c>import_chunk</c>, one chunk's rows and what the merge
    /// learns of the live customers they match (emptied at the end of each chunk's transaction).
    /// </summary>
    public static string CreateStaging =>
        $"""
        DROP TABLE IF EXISTS import_rows;
        DROP TABLE IF EXISTS import_chunk;
        CREATE TEMP TABLE import_rows ({StagedColumns});
        CREATE TEMP TABLE import_chunk AS
        SELECT r.*, false AS existing, NULL::timestamptz AS created_at, NULL::timestamptz AS o_updated_at,
               {string.Join(", ", Compared.Select(c => $"r.{c} AS o_{c}"))}, NULL::text[] AS changed
        FROM import_rows r WITH NO DATA;
        ALTER TABLE import_chunk ALTER existing SET DEFAULT false, ALTER existing SET NOT NULL
        """;

    /// <summary>The whole file into <c>import_rows</c>.</summary>
    public static readonly string CopyStaging = $"COPY import_rows ({StagedNames}) FROM STDIN (FORMAT BINARY)";

    /// <summary>One chunk straight into <c>import_chunk</c> (no key of the file repeats: nothing to refuse first).</summary>
    public static readonly string CopyChunk = $"COPY import_chunk ({StagedNames}) FROM STDIN (FORMAT BINARY)";

    /// <summary>The value columns after the errors (written as nulls for a refused row).</summary>
    public const int StagingValueColumns = 22;

    /// <summary>
    /// After staging: the chunk index, and the duplicates within the file, set-based: every row of
    /// an externalId or e-mail that appears in more than one valid row is refused (which one the
    /// file meant cannot be known).
    /// </summary>
    public static readonly string IndexAndFindDuplicates =
        IndexAndRefuse(Duplicates("external_id", "externalId", "d.external_id"), Duplicates("email_key", "email", "r.email"));

    /// <summary>The staging table's chunk index and statistics, then the given duplicate refusals.</summary>
    internal static string IndexAndRefuse(params string[] duplicates) =>
        "CREATE INDEX ON import_rows (row_no);\nANALYZE import_rows;\n" + string.Join("\n", duplicates);

    /// <summary>Refuses every valid row whose <paramref name="key"/> another valid row of the file has too.</summary>
    internal static string Duplicates(string key, string field, string shown) =>
        $"""
        WITH dup AS (
            SELECT {key}, array_agg(row_no ORDER BY row_no) AS rows
            FROM import_rows WHERE ok AND {key} IS NOT NULL GROUP BY {key} HAVING count(*) > 1)
        UPDATE import_rows r SET ok = false, err_fields = ARRAY['{field}'],
            err_messages = ARRAY[format('{field} ''%s'' appears in more than one row of the file (rows %s); none of them was imported.',
                                        {shown}, array_to_string(d.rows[1:10], ', '))]
        FROM dup d WHERE r.ok AND r.{key} = d.{key};
        """;

    /// <summary>The refused rows of the chunk into the import's errors (a chunk table <c>import_chunk</c> with ok, err_fields, err_messages).</summary>
    internal const string RowErrors =
        """
        INSERT INTO import_errors (import_id, "row", seq, field, message)
        SELECT @id, k.row_no, e.ord::int, nullif(e.f, ''), left(e.m, 2000)
        FROM import_chunk k, unnest(k.err_fields, k.err_messages) WITH ORDINALITY AS e(f, m, ord)
        WHERE NOT k.ok
        """;

    /// <summary>The event log's append lock (ADR 0012), taken right before a chunk's events.</summary>
    internal const string LockEventLog = "SELECT pg_advisory_xact_lock(@lock)";

    /// <summary>Adds the chunk's rows to the import's counts, each count a predicate over <c>import_chunk</c>.</summary>
    internal static string Counts(string created, string updated, string unchanged) =>
        $"""
        UPDATE imports SET processed_rows = processed_rows + t.n, created = created + t.c, updated = updated + t.u,
                           unchanged = unchanged + t.x, failed = failed + t.f
        FROM (SELECT count(*) AS n,
                     count(*) FILTER (WHERE {created}) AS c,
                     count(*) FILTER (WHERE {updated}) AS u,
                     count(*) FILTER (WHERE {unchanged}) AS x,
                     count(*) FILTER (WHERE NOT ok) AS f
              FROM import_chunk) t
        WHERE id = @id
        """;

    /// <summary>The customer as the API returns it (CustomerDto without rfm and etag: CustomerEventData), from the chunk's columns.</summary>
    private static string State(string prefix) =>
        $"""
        jsonb_build_object('id', id, 'externalId', {prefix}external_id, 'type', {prefix}type, 'name', {prefix}name,
            'company', {prefix}company, 'email', {prefix}email, 'phone', {prefix}phone, 'address', {prefix}address,
            'birthday', to_char({prefix}birthday, 'YYYY-MM-DD'), 'tags', to_jsonb({prefix}tags), 'attributes', {prefix}attributes,
            'ownerId', {prefix}owner_id,
            'consent', jsonb_build_object('email', {prefix}consent_email, 'sms', {prefix}consent_sms, 'phone', {prefix}consent_phone),
            'lifecycleStage', lifecycle_stage, 'stageEnteredAt', {SqlText.Timestamp("stage_entered_at")},
            'createdAt', {SqlText.Timestamp("created_at")}, 'updatedAt', {SqlText.Timestamp(prefix.Length == 0 ? "@now" : "o_updated_at")})
        """;

    /// <summary>The times of a new customer's <c>customer.created</c> state (its other fields come staged, <see cref="CustomerImportRow.State"/>).</summary>
    private static readonly string CreatedTimes =
        $"""
        CASE WHEN stage_entered_at IS NULL
             THEN (SELECT jsonb_build_object('createdAt', {SqlText.Timestamp("@now")}, 'updatedAt', {SqlText.Timestamp("@now")}, 'stageEnteredAt', {SqlText.Timestamp("@now")}))
             ELSE (SELECT jsonb_build_object('createdAt', {SqlText.Timestamp("@now")}, 'updatedAt', {SqlText.Timestamp("@now")})) || jsonb_build_object('stageEnteredAt', {SqlText.Timestamp("stage_entered_at")}) END
        """;

    /// <summary>The columns an update takes from the row when the file sets their field, else keeps (external_id is the match itself).</summary>
    private static readonly (string Column, CustomerImportFields Field)[] Merged =
    [
        ("type", CustomerImportFields.Type), ("name", CustomerImportFields.Name), ("company", CustomerImportFields.Company),
        ("email", CustomerImportFields.Email), ("email_key", CustomerImportFields.Email), ("phone", CustomerImportFields.Phone),
        ("address", CustomerImportFields.Address), ("birthday", CustomerImportFields.Birthday), ("tags", CustomerImportFields.Tags),
        ("tag_keys", CustomerImportFields.Tags), ("attributes", CustomerImportFields.Attributes), ("owner_id", CustomerImportFields.OwnerId),
        ("consent_email", CustomerImportFields.Consent), ("consent_sms", CustomerImportFields.Consent), ("consent_phone", CustomerImportFields.Consent),
    ];

    /// <summary>
    /// Field names in the order <c>Customer.UpdateProfile</c> compares them, with the columns that
    /// hold each: a field changes when the row sets it (None: always compared) to another value.
    /// </summary>
    private static readonly (string Field, CustomerImportFields Given, string[] Columns)[] Changes =
    [
        ("type", CustomerImportFields.Type, ["type"]),
        ("name", CustomerImportFields.Name, ["name"]),
        ("externalId", CustomerImportFields.None, ["external_id"]),
        ("company", CustomerImportFields.Company, ["company"]),
        ("email", CustomerImportFields.Email, ["email"]),
        ("phone", CustomerImportFields.Phone, ["phone"]),
        ("address", CustomerImportFields.Address, ["address"]),
        ("birthday", CustomerImportFields.Birthday, ["birthday"]),
        ("tags", CustomerImportFields.Tags, ["tags"]),
        ("attributes", CustomerImportFields.Attributes, ["attributes"]),
        ("ownerId", CustomerImportFields.OwnerId, ["owner_id"]),
        ("consent", CustomerImportFields.Consent, ["consent_email", "consent_sms", "consent_phone"]),
    ];

    /// <summary>The previous values the events and checks read (<c>o_*</c>).</summary>
    private static readonly string[] Compared = [.. Changes.SelectMany(c => c.Columns)];

    private static string Changed((string Field, CustomerImportFields Given, string[] Columns) change)
    {
        var differs = $"({string.Join(", ", change.Columns.Select(c => $"k.{c}"))}) IS DISTINCT FROM ({string.Join(", ", change.Columns.Select(c => $"c.{c}"))})";
        return change.Given == CustomerImportFields.None
            ? $"CASE WHEN {differs} THEN '{change.Field}' END"
            : $"CASE WHEN k.fields & {(int)change.Given} <> 0 AND {differs} THEN '{change.Field}' END";
    }

    private static readonly string[] Columns =
    [
        "external_id", "type", "name", "company", "email", "email_key", "phone", "address", "birthday", "tags", "tag_keys",
        "attributes", "owner_id", "consent_email", "consent_sms", "consent_phone",
    ];

    /// <summary>
    /// The live customer that <paramref name="match"/> finds for a row of the chunk (at most one: both
    /// keys are unique among live customers), as <c>c</c> with the row's <c>chunk_row</c>. A lookup per row, whatever the
    /// statistics of the freshly filled chunk table say: the planner would otherwise rather hash all
    /// live customers (a full scan per chunk, a second or more per chunk at a million customers
    /// against 0.1 s of lookups).
    /// </summary>
    private static string Matched(string columns, string where, string match) =>
        $"""
        (SELECT r.row_no AS chunk_row, c.* FROM import_chunk r
         CROSS JOIN LATERAL (SELECT {columns} FROM customers c WHERE {match} AND c.archived_at IS NULL LIMIT 1) c
         WHERE {where}) c
        """;

    /// <summary>
    /// One chunk (rows @from–@to), in one transaction: its rows into <c>import_chunk</c> (from the
    /// whole file's staging; the pipeline COPYs them instead), matched by externalId among live
    /// customers, refuse other owners' customers (an agent's import) and e-mails of other live
    /// customers, insert the new customers with their first history entry, update the changed
    /// ones, record the errors and counts, append the events (ADR 0012: under the log's lock), and
    /// empty the chunk table.
    /// </summary>
    public static readonly string[] MergeCustomers =
    [
        $"INSERT INTO import_chunk ({StagedNames}) SELECT {StagedNames} FROM import_rows WHERE row_no BETWEEN @from AND @to",
        $"""
        UPDATE import_chunk k SET existing = true, id = c.id, lifecycle_stage = c.lifecycle_stage, stage_entered_at = c.stage_entered_at,
            created_at = c.created_at, o_updated_at = c.updated_at,
            {string.Join(", ", Merged.Select(m => $"{m.Column} = CASE WHEN k.fields & {(int)m.Field} <> 0 THEN k.{m.Column} ELSE c.{m.Column} END"))},
            {string.Join(", ", Compared.Select(c => $"o_{c} = c.{c}"))},
            changed = array_remove(ARRAY[{string.Join(", ", Changes.Select(Changed))}], NULL)
        FROM {Matched("c.*", "r.ok AND r.external_id IS NOT NULL", "c.external_id = r.external_id")}
        WHERE k.row_no = c.chunk_row
        """,
        """
        UPDATE import_chunk SET ok = false, err_fields = ARRAY['externalId'],
            err_messages = ARRAY[format('A customer with externalId ''%s'' already exists and belongs to another owner.', external_id)]
        WHERE ok AND existing AND @scope::uuid IS NOT NULL AND o_owner_id IS DISTINCT FROM @scope::uuid
        """,
        $"""
        UPDATE import_chunk k SET ok = false, err_fields = ARRAY['email'],
            err_messages = ARRAY[CASE WHEN @scope::uuid IS NOT NULL AND c.owner_id IS DISTINCT FROM @scope::uuid
                                      THEN format('A customer with email ''%s'' already exists and belongs to another owner.', k.email)
                                      ELSE format('A customer with email ''%s'' already exists: %s.', k.email, c.id) END]
        FROM {Matched("c.id, c.owner_id", "r.ok AND r.email_key IS NOT NULL", "c.email_key = r.email_key AND c.id <> r.id")}
        WHERE k.row_no = c.chunk_row
        """,
        $"""
        INSERT INTO customers (id, {string.Join(", ", Columns)}, lifecycle_stage, stage_entered_at, created_at, updated_at)
        SELECT id, {string.Join(", ", Columns)}, lifecycle_stage, coalesce(stage_entered_at, @now), @now, @now
        FROM import_chunk WHERE ok AND NOT existing ORDER BY row_no
        """,
        """
        INSERT INTO stage_transitions (id, customer_id, from_stage, to_stage, occurred_at, reason, source, actor, recorded_at)
        SELECT transition_id, id, NULL, lifecycle_stage, coalesce(stage_entered_at, @now), NULL,
               CASE WHEN stage_entered_at IS NOT NULL THEN 'import' ELSE 'manual' END, @actor, @now
        FROM import_chunk WHERE ok AND NOT existing
        """,
        $"""
        UPDATE customers c SET {string.Join(", ", Columns.Where(c => c != "external_id").Select(c => $"{c} = k.{c}"))}, updated_at = @now
        FROM import_chunk k WHERE k.ok AND k.existing AND cardinality(k.changed) > 0 AND c.id = k.id
        """,
        RowErrors,
        Counts("ok AND NOT existing", "ok AND existing AND cardinality(changed) > 0", "ok AND existing AND cardinality(changed) = 0"),
        LockEventLog,
        $"""
        INSERT INTO events (id, type, occurred_at, customer_id, resource_type, resource_id, actor, origin, data)
        SELECT event_id, CASE WHEN existing THEN 'customer.updated' ELSE 'customer.created' END, @now, id, 'customer', id, @actor, NULL,
               CASE WHEN existing
                    THEN jsonb_build_object('changedFields', to_jsonb(changed),
                                            'previous', (SELECT jsonb_object_agg(f, {State("o_")} -> f) FROM unnest(changed) AS f),
                                            'state', {State(string.Empty)})
                    ELSE jsonb_build_object('state', state || {CreatedTimes}) END
        FROM import_chunk WHERE ok AND (NOT existing OR cardinality(changed) > 0)
        ORDER BY row_no
        """,
        "TRUNCATE import_chunk",
    ];
}
