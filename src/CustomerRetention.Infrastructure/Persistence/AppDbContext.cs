using CustomerRetention.Application.BuildingBlocks.Exceptions;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.BuildingBlocks.Security;
using CustomerRetention.Domain.Access;
using CustomerRetention.Domain.BuildingBlocks.Events;
using CustomerRetention.Domain.Customers;
using CustomerRetention.Domain.FollowUps;
using CustomerRetention.Domain.Imports;
using CustomerRetention.Domain.Interactions;
using CustomerRetention.Domain.Lifecycle;
using CustomerRetention.Domain.Orders;
using CustomerRetention.Domain.Segmentation;
using CustomerRetention.Domain.Value;
using CustomerRetention.Domain.Webhooks;
using CustomerRetention.Infrastructure.BuildingBlocks.Events;
using CustomerRetention.Infrastructure.BuildingBlocks.Idempotency;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace CustomerRetention.Infrastructure.Persistence;

/// <param name="options">The EF options.</param>
/// <param name="events">
/// The unit of work's events; null only for design-time tools (migrations), which raise none.
/// </param>
/// <param name="ownerScope">
/// Whose customers this context sees (an agent: its own; ADR 19); null (tools, jobs): everyone's.
/// </param>
/// <param name="idempotencyKey">
/// The <c>Idempotency-Key</c> the request claimed, marked committed by the unit of work (ADR 20); null outside requests.
/// </param>
public sealed class AppDbContext(
    DbContextOptions<AppDbContext> options,
    UnitOfWorkEvents? events = null,
    IOwnerScope? ownerScope = null,
    PendingIdempotencyKey? idempotencyKey = null)
    : DbContext(options), IApplicationDbContext
{
    /// <summary>The query filter that hides archived customers.</summary>
    public const string LiveFilter = QueryFilters.Live;

    /// <summary>The query filter that limits an agent to the customers it owns and what belongs to them.</summary>
    public const string OwnerFilter = QueryFilters.Owner;

    /// <summary>The owner every query of this context is limited to (read per query: EF parameterises it).</summary>
    private Guid? ScopedOwnerId => ownerScope?.OwnerId;

    public DbSet<Customer> Customers => Set<Customer>();

    public DbSet<StageTransition> StageTransitions => Set<StageTransition>();

    public DbSet<Interaction> Interactions => Set<Interaction>();

    public DbSet<Order> Orders => Set<Order>();

    public DbSet<RfmRun> RfmRuns => Set<RfmRun>();

    public DbSet<RfmResult> RfmResults => Set<RfmResult>();
    public DbSet<RfmSegment> RfmSegments => Set<RfmSegment>();

    public DbSet<SegmentCell> SegmentMap => Set<SegmentCell>();

    public DbSet<ClvModel> ClvModels => Set<ClvModel>();

    public DbSet<ClvPrediction> ClvPredictions => Set<ClvPrediction>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<Webhook> Webhooks => Set<Webhook>();

    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();

    public DbSet<LoggedEvent> Events => Set<LoggedEvent>();

    public DbSet<ImportJob> ImportJobs => Set<ImportJob>();

    public DbSet<ImportRowError> ImportErrors => Set<ImportRowError>();

    public DbSet<EventLogHorizon> EventLogHorizon => Set<EventLogHorizon>();

    public DbSet<Domain.Alerts.AlertRule> AlertRules => Set<Domain.Alerts.AlertRule>();

    public DbSet<Domain.Alerts.Alert> Alerts => Set<Domain.Alerts.Alert>();

    public DbSet<Domain.Alerts.AlertEvaluation> AlertEvaluations => Set<Domain.Alerts.AlertEvaluation>();
    public DbSet<Domain.Cases.SupportCase> Cases => Set<Domain.Cases.SupportCase>();

    public DbSet<Domain.Cases.CaseMessage> CaseMessages => Set<Domain.Cases.CaseMessage>();

    public IQueryable<Guid> ArchivedCustomerIds() => Database.SqlQueryRaw<Guid>("SELECT id AS \"Value\" FROM customers WHERE archived_at IS NOT NULL");

    public async Task<long> NextCaseNumberAsync(CancellationToken cancellationToken) =>
        await Database.SqlQueryRaw<long>("SELECT nextval('case_number_seq') AS \"Value\"").SingleAsync(cancellationToken);

    public DbSet<FollowUpTask> FollowUpTasks => Set<FollowUpTask>();

    public DbSet<Domain.Surveys.Survey> Surveys => Set<Domain.Surveys.Survey>();

    public DbSet<Domain.Surveys.SurveySend> SurveySends => Set<Domain.Surveys.SurveySend>();

    public DbSet<Domain.Surveys.SurveyResponse> SurveyResponses => Set<Domain.Surveys.SurveyResponse>();

    public DbSet<CadencePolicy> CadencePolicies => Set<CadencePolicy>();

    public DbSet<ReminderPolicy> ReminderPolicies => Set<ReminderPolicy>();

    public DbSet<FollowUpRun> FollowUpRuns => Set<FollowUpRun>();

    public DbSet<Domain.ServiceLevels.BusinessCalendar> BusinessCalendars => Set<Domain.ServiceLevels.BusinessCalendar>();

    public DbSet<Domain.ServiceLevels.SlaPolicy> SlaPolicies => Set<Domain.ServiceLevels.SlaPolicy>();

    public DbSet<Domain.ServiceLevels.SlaPolicyVersion> SlaPolicyVersions => Set<Domain.ServiceLevels.SlaPolicyVersion>();

    public void AddEvent(IDomainEvent domainEvent) =>
        (events ?? throw new InvalidOperationException("This context was built without a unit of work for events.")).Add(domainEvent);

    public async Task<IBatchTransaction> BeginBatchAsync(CancellationToken cancellationToken)
    {
        var unitOfWork = events ?? throw new InvalidOperationException("This context was built without a unit of work for events.");
        var transaction = await Database.BeginTransactionAsync(cancellationToken);
        try
        {
            await SaveChangesAsync(cancellationToken); // nothing to write yet: marks the idempotency key before any savepoint
            unitOfWork.StartHolding();
            return new BatchTransaction(this, transaction, unitOfWork);
        }
        catch
        {
            await DisposeAsync(transaction, failed: true);
            throw;
        }
    }

    public async Task<Customer?> LockCustomerAsync(Guid id, CancellationToken cancellationToken)
    {
        // Row lock first, then an ordinary tracked load inside the same transaction.
        await Database.ExecuteSqlAsync($"SELECT 1 FROM customers WHERE id = {id} FOR UPDATE", cancellationToken);
        return await Customers.FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
    }

    /// <summary>
    /// The unit of work: without events or an idempotency key a plain save; otherwise one
    /// transaction (the caller's or its own) that runs the in-process handlers, writes the changes,
    /// marks the request's idempotency key committed and then appends the events, so a change, its
    /// events and its key commit or roll back together.
    /// </summary>
    public override async Task<int> SaveChangesAsync(CancellationToken cancellationToken = default)
    {
        var claim = idempotencyKey?.ClaimToMark;
        var hasEvents = events is not null && events.HasPending(this);
        if (!hasEvents && claim is null)
        {
            return await SaveEntitiesAsync(cancellationToken);
        }

        var own = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        var failed = false;
        try
        {
            var raised = hasEvents ? await events!.DispatchAsync(this, cancellationToken) : [];
            var written = await SaveEntitiesAsync(cancellationToken);
            if (claim is { } claimId)
            {
                await MarkCommittedAsync(claimId, cancellationToken);
            }

            if (raised.Count > 0 && events!.IsHolding)
            {
                events.Hold(raised); // a batch appends them all at its end (BatchTransaction)
            }
            else if (raised.Count > 0)
            {
                await events!.AppendAsync(this, raised, cancellationToken);
            }
            if (own is not null)
            {
                await own.CommitAsync(cancellationToken);
            }

            return written;
        }
        catch (InvalidOperationException e) when (ConnectionBroke())
        {
            // Npgsql completes the transaction of a connection that broke: the commit (or the append)
            // then reports "already completed". That is the database going away, answered as an outage.
            failed = true;
            throw new NpgsqlException("The connection to the database broke during the unit of work; nothing was committed.", new IOException(e.Message, e));
        }
        catch
        {
            failed = true;
            throw;
        }
        finally
        {
            if (own is not null)
            {
                await DisposeAsync(own, failed);
            }
        }
    }

    /// <summary>
    /// Marks the request's key committed in this transaction. No row to mark means a retry took the
    /// claim over as abandoned: this change must then not commit, or the key would stand for two changes.
    /// </summary>
    private async Task MarkCommittedAsync(Guid claimId, CancellationToken cancellationToken)
    {
        var marked = await Database.ExecuteSqlAsync(
            $"UPDATE idempotency_keys SET status = {IdempotencyKeyRecord.Committed} WHERE claim_id = {claimId} AND status = {IdempotencyKeyRecord.InFlight}",
            cancellationToken);
        if (marked != 1)
        {
            throw new ConcurrencyConflictException("Another request with the same Idempotency-Key took it over.");
        }

        idempotencyKey!.Marked();
    }

    private bool ConnectionBroke() =>
        Database.GetDbConnection() is NpgsqlConnection connection
        && (connection.FullState.HasFlag(System.Data.ConnectionState.Broken) || connection.State == System.Data.ConnectionState.Closed);

    /// <summary>
    /// Ends the unit of work's own transaction (a rollback unless committed). When the save already
    /// failed, a failing rollback (the connection broke: a database outage) must not replace the
    /// error that says why.
    /// </summary>
    private static async Task DisposeAsync(IDbContextTransaction transaction, bool failed)
    {
        try
        {
            await transaction.DisposeAsync();
        }
        catch (Exception) when (failed)
        {
            // The original exception propagates; the server rolls back a transaction whose connection is gone.
        }
    }

    private async Task<int> SaveEntitiesAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await base.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException e)
        {
            throw new ConcurrencyConflictException("The resource was changed by another request at the same time.", e);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } pg)
        {
            throw new UniqueConstraintViolationException(pg.ConstraintName, e);
        }
    }

    /// <summary>
    /// Owner scoping as query filters: an agent's queries see only customers it owns and the rows
    /// that belong to them (stage history, interactions, orders, RFM scores, CLV predictions), so
    /// every read, list, search and lookup is limited without a check in each handler. (Not
    /// <c>IgnoreQueryFilters</c> inside a filter: it applies to the whole query that uses the filter.)
    /// </summary>
    private void OwnerFilters(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Customer>().HasQueryFilter(OwnerFilter, c => ScopedOwnerId == null || c.OwnerId == ScopedOwnerId);
        modelBuilder.Entity<StageTransition>().HasQueryFilter(OwnerFilter, t => ScopedOwnerId == null || Set<Customer>().Any(c => c.Id == t.CustomerId && c.OwnerId == ScopedOwnerId));
        modelBuilder.Entity<Interaction>().HasQueryFilter(OwnerFilter, i => ScopedOwnerId == null || Set<Customer>().Any(c => c.Id == i.CustomerId && c.OwnerId == ScopedOwnerId));
        modelBuilder.Entity<Order>().HasQueryFilter(OwnerFilter, o => ScopedOwnerId == null || Set<Customer>().Any(c => c.Id == o.CustomerId && c.OwnerId == ScopedOwnerId));
        modelBuilder.Entity<RfmResult>().HasQueryFilter(OwnerFilter, r => ScopedOwnerId == null || Set<Customer>().Any(c => c.Id == r.CustomerId && c.OwnerId == ScopedOwnerId));
        modelBuilder.Entity<ClvPrediction>().HasQueryFilter(OwnerFilter, p => ScopedOwnerId == null || Set<Customer>().Any(c => c.Id == p.CustomerId && c.OwnerId == ScopedOwnerId));
        modelBuilder.Entity<Domain.Alerts.Alert>().HasQueryFilter(OwnerFilter, a => ScopedOwnerId == null || a.AssigneeId == ScopedOwnerId || Set<Customer>().Any(c => c.Id == a.CustomerId && c.OwnerId == ScopedOwnerId));
        modelBuilder.Entity<Domain.Cases.SupportCase>().HasQueryFilter(OwnerFilter, k => ScopedOwnerId == null || k.AssigneeId == ScopedOwnerId || Set<Customer>().Any(c => c.Id == k.CustomerId && c.OwnerId == ScopedOwnerId));
        modelBuilder.Entity<Domain.Cases.CaseMessage>().HasQueryFilter(OwnerFilter, m => ScopedOwnerId == null || Set<Domain.Cases.SupportCase>().Any(k => k.Id == m.CaseId));
        modelBuilder.Entity<FollowUpTask>().HasQueryFilter(OwnerFilter, t => ScopedOwnerId == null || Set<Customer>().Any(c => c.Id == t.CustomerId && c.OwnerId == ScopedOwnerId));
        modelBuilder.Entity<Domain.Surveys.SurveySend>().HasQueryFilter(OwnerFilter, s => ScopedOwnerId == null || Set<Customer>().Any(c => c.Id == s.CustomerId && c.OwnerId == ScopedOwnerId));
        modelBuilder.Entity<Domain.Surveys.SurveyResponse>().HasQueryFilter(OwnerFilter, r => ScopedOwnerId == null || Set<Customer>().Any(c => c.Id == r.CustomerId && c.OwnerId == ScopedOwnerId));
    }


    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasPostgresExtension("pg_trgm");
        modelBuilder.HasSequence<long>("case_number_seq"); // case numbers (NextCaseNumberAsync)
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
        OwnerFilters(modelBuilder);
        modelBuilder.UseSnakeCaseNames();
    }
}
