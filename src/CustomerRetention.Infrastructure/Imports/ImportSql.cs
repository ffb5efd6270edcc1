namespace CustomerRetention.Infrastructure.Imports;

/// <summary>The statements of the import engine (ADR 0023). Only the code's own constants, never input.</summary>
internal static class ImportSql
{
    /// <summary>The staging table: every row of the file, valid (values normalised) or refused (its errors).</summary>
    public const string CreateStaging =
        """
        DROP TABLE IF EXISTS import_rows;
        CREATE TEMP TABLE import_rows (
            row_no bigint NOT NULL, fields int NOT NULL, ok boolean NOT NULL, err_fields text[], err_messages text[],
            new_id uuid, event_id uuid, transition_id uuid,
            external_id text, type text, name text, company text, email text, email_key text, phone text,
            address jsonb, birthday date, tags text[], tag_keys text[], attributes jsonb, owner_id uuid,
            consent_email boolean, consent_sms boolean, consent_phone boolean,
            lifecycle_stage text, stage_entered_at timestamptz)
        """;

    public const string CopyStaging =
        """
        COPY import_rows (row_no, fields, ok, err_fields, err_messages, new_id, event_id, transition_id,
            external_id, type, name, company, email, email_key, phone, address, birthday, tags, tag_keys, attributes, owner_id,
            consent_email, consent_sms, consent_phone, lifecycle_stage, stage_entered_at) FROM STDIN (FORMAT BINARY)
        """;

    /// <summary>The value columns after the errors (written as nulls for a refused row).</summary>
    public const int StagingValueColumns = 21;

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

    /// <summary>A column that an update takes from the row when the file sets its field (bit), else keeps.</summary>
    private static string Merged(string column, int bit) =>
        $"CASE WHEN c.id IS NULL OR s.fields & {bit} <> 0 THEN s.{column} ELSE c.{column} END AS {column}";

    internal static string Timestamp(string column) =>
        $"""to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') || coalesce('.' || nullif(rtrim(to_char({column} AT TIME ZONE 'UTC', 'US'), '0'), ''), '') || 'Z'""";

    /// <summary>The customer as the API returns it (CustomerDto without rfm and etag: CustomerEventData), from the chunk's columns.</summary>
    private static string State(string prefix) =>
        $"""
        jsonb_build_object('id', id, 'externalId', {prefix}external_id, 'type', {prefix}type, 'name', {prefix}name,
            'company', {prefix}company, 'email', {prefix}email, 'phone', {prefix}phone, 'address', {prefix}address,
            'birthday', to_char({prefix}birthday, 'YYYY-MM-DD'), 'tags', to_jsonb({prefix}tags), 'attributes', {prefix}attributes,
            'ownerId', {prefix}owner_id,
            'consent', jsonb_build_object('email', {prefix}consent_email, 'sms', {prefix}consent_sms, 'phone', {prefix}consent_phone),
            'lifecycleStage', lifecycle_stage, 'stageEnteredAt', {Timestamp("stage_entered_at")},
            'createdAt', {Timestamp("created_at")}, 'updatedAt', {Timestamp(prefix.Length == 0 ? "@now" : "o_updated_at")})
        """;

    /// <summary>Field names in the order <c>Customer.UpdateProfile</c> compares them, with the columns that hold each.</summary>
    private static readonly (string Field, string Compare)[] Changes =
    [
        ("type", "type IS DISTINCT FROM o_type"),
        ("name", "name IS DISTINCT FROM o_name"),
        ("externalId", "external_id IS DISTINCT FROM o_external_id"),
        ("company", "company IS DISTINCT FROM o_company"),
        ("email", "email IS DISTINCT FROM o_email"),
        ("phone", "phone IS DISTINCT FROM o_phone"),
        ("address", "address IS DISTINCT FROM o_address"),
        ("birthday", "birthday IS DISTINCT FROM o_birthday"),
        ("tags", "tags IS DISTINCT FROM o_tags"),
        ("attributes", "attributes IS DISTINCT FROM o_attributes"),
        ("ownerId", "owner_id IS DISTINCT FROM o_owner_id"),
        ("consent", "(consent_email, consent_sms, consent_phone) IS DISTINCT FROM (o_consent_email, o_consent_sms, o_consent_phone)"),
    ];

    private static readonly string[] Columns =
    [
        "external_id", "type", "name", "company", "email", "email_key", "phone", "address", "birthday", "tags", "tag_keys",
        "attributes", "owner_id", "consent_email", "consent_sms", "consent_phone",
    ];

    /// <summary>
    /// One chunk (rows @from–@to), in one transaction: match by externalId among live customers,
    /// refuse other owners' customers (an agent's import) and e-mails of other live customers,
    /// insert the new customers with their first history entry, update the changed ones, record
    /// the errors and counts, and append the events last (ADR 0012: under the log's lock).
    /// </summary>
    public static readonly string[] MergeCustomers =
    [
        $"""
        CREATE TEMP TABLE import_chunk ON COMMIT DROP AS
        SELECT x.*, CASE WHEN x.existing THEN array_remove(ARRAY[{string.Join(", ", Changes.Select(c => $"CASE WHEN {c.Compare} THEN '{c.Field}' END"))}], NULL) END AS changed
        FROM (
            SELECT s.row_no, s.ok, s.err_fields, s.err_messages, s.event_id, s.transition_id,
                   c.id IS NOT NULL AS existing, coalesce(c.id, s.new_id) AS id,
                   coalesce(c.lifecycle_stage, s.lifecycle_stage) AS lifecycle_stage,
                   CASE WHEN c.id IS NULL THEN coalesce(s.stage_entered_at, @now) ELSE c.stage_entered_at END AS stage_entered_at,
                   s.stage_entered_at IS NOT NULL AS stage_given,
                   coalesce(c.created_at, @now) AS created_at, c.updated_at AS o_updated_at,
                   s.external_id, {Merged("type", 1)}, {Merged("name", 2)}, {Merged("company", 8)},
                   {Merged("email", 16)}, {Merged("email_key", 16)}, {Merged("phone", 32)}, {Merged("address", 64)},
                   {Merged("birthday", 128)}, {Merged("tags", 256)}, {Merged("tag_keys", 256)}, {Merged("attributes", 512)},
                   {Merged("owner_id", 1024)}, {Merged("consent_email", 2048)}, {Merged("consent_sms", 2048)}, {Merged("consent_phone", 2048)},
                   {string.Join(", ", Columns.Where(c => c != "email_key" && c != "tag_keys").Select(c => $"c.{c} AS o_{c}"))}
            FROM import_rows s
            LEFT JOIN customers c ON s.ok AND c.external_id = s.external_id AND c.archived_at IS NULL
            WHERE s.row_no BETWEEN @from AND @to) x
        """,
        """
        UPDATE import_chunk SET ok = false, err_fields = ARRAY['externalId'],
            err_messages = ARRAY[format('A customer with externalId ''%s'' already exists and belongs to another owner.', external_id)]
        WHERE ok AND existing AND @scope::uuid IS NOT NULL AND o_owner_id IS DISTINCT FROM @scope::uuid
        """,
        """
        UPDATE import_chunk k SET ok = false, err_fields = ARRAY['email'],
            err_messages = ARRAY[CASE WHEN @scope::uuid IS NOT NULL AND c.owner_id IS DISTINCT FROM @scope::uuid
                                      THEN format('A customer with email ''%s'' already exists and belongs to another owner.', k.email)
                                      ELSE format('A customer with email ''%s'' already exists: %s.', k.email, c.id) END]
        FROM customers c
        WHERE k.ok AND k.email_key IS NOT NULL AND c.email_key = k.email_key AND c.archived_at IS NULL AND c.id <> k.id
        """,
        $"""
        INSERT INTO customers (id, {string.Join(", ", Columns)}, lifecycle_stage, stage_entered_at, created_at, updated_at)
        SELECT id, {string.Join(", ", Columns)}, lifecycle_stage, stage_entered_at, @now, @now
        FROM import_chunk WHERE ok AND NOT existing ORDER BY row_no
        """,
        """
        INSERT INTO stage_transitions (id, customer_id, from_stage, to_stage, occurred_at, reason, source, actor, recorded_at)
        SELECT transition_id, id, NULL, lifecycle_stage, stage_entered_at, NULL, CASE WHEN stage_given THEN 'import' ELSE 'manual' END, @actor, @now
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
                    ELSE jsonb_build_object('state', {State(string.Empty)}) END
        FROM import_chunk WHERE ok AND (NOT existing OR cardinality(changed) > 0)
        ORDER BY row_no
        """,
    ];
}
