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
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace CustomerRetention.Application.BuildingBlocks.Interfaces;

/// <summary>
/// The unit of work the use cases see. EF Core abstractions only: no provider types, so the
/// Application layer stays independent of PostgreSQL (ARCHITECTURE.md §1).
/// </summary>
public interface IApplicationDbContext
{
    DbSet<Customer> Customers { get; }

    DbSet<StageTransition> StageTransitions { get; }

    DbSet<Interaction> Interactions { get; }

    DbSet<Order> Orders { get; }

    DbSet<RfmRun> RfmRuns { get; }

    DbSet<RfmResult> RfmResults { get; }

    DbSet<RfmSegment> RfmSegments { get; }

    DbSet<SegmentCell> SegmentMap { get; }

    DbSet<ClvModel> ClvModels { get; }

    DbSet<ClvPrediction> ClvPredictions { get; }

    /// <summary>API keys: prefixes and salted hashes, never a key's text.</summary>
    DbSet<ApiKey> ApiKeys { get; }

    /// <summary>Webhook subscriptions (their secrets are never returned by a read).</summary>
    DbSet<Webhook> Webhooks { get; }

    /// <summary>Webhook deliveries: created and advanced by the delivery worker, replayed through the API.</summary>
    DbSet<WebhookDelivery> WebhookDeliveries { get; }

    /// <summary>The event log, read by the change feed; written only by the unit of work.</summary>
    DbSet<LoggedEvent> Events { get; }

    DbSet<ImportJob> ImportJobs { get; }

    DbSet<ImportRowError> ImportErrors { get; }

    /// <summary>Tasks (SPEC §9.2); owner-scoped for agents like the customers they belong to.</summary>
    DbSet<FollowUpTask> FollowUpTasks { get; }

    DbSet<CadencePolicy> CadencePolicies { get; }

    /// <summary>The birthday and post-purchase policies (one row each, seeded).</summary>
    DbSet<ReminderPolicy> ReminderPolicies { get; }

    DbSet<FollowUpRun> FollowUpRuns { get; }

    /// <summary>How far retention has removed the event log (one row).</summary>
    DbSet<EventLogHorizon> EventLogHorizon { get; }

    /// <summary>Alert rules, deleted ones included (filter on <c>DeletedAt</c>).</summary>
    DbSet<Domain.Alerts.AlertRule> AlertRules { get; }

    /// <summary>Alerts, owner-scoped: an agent sees its customers' alerts and those assigned to it.</summary>
    DbSet<Domain.Alerts.Alert> Alerts { get; }

    /// <summary>Alert evaluations (jobs).</summary>
    DbSet<Domain.Alerts.AlertEvaluation> AlertEvaluations { get; }

    /// <summary>Cases, owner-scoped: an agent sees its customers' cases and those assigned to it.</summary>
    DbSet<Domain.Cases.SupportCase> Cases { get; }

    /// <summary>The messages of cases (read through their case).</summary>
    DbSet<Domain.Cases.CaseMessage> CaseMessages { get; }

    /// <summary>
    /// The ids of the archived customers, whoever owns them, to leave their rows out of another
    /// module's list in the same statement (raw SQL on purpose: <c>IgnoreQueryFilters</c> in a
    /// subquery would lift the filters of the whole query it is part of, the list's own owner scoping).
    /// </summary>
    IQueryable<Guid> ArchivedCustomerIds();

    /// <summary>The next case number (a PostgreSQL sequence: unique, never reused, gaps possible).</summary>
    Task<long> NextCaseNumberAsync(CancellationToken cancellationToken);
    /// <summary>Business calendars (SPEC §9.3).</summary>
    DbSet<Domain.ServiceLevels.BusinessCalendar> BusinessCalendars { get; }

    /// <summary>SLA policies, current versions.</summary>
    DbSet<Domain.ServiceLevels.SlaPolicy> SlaPolicies { get; }

    /// <summary>Every version an SLA policy ever had (also of deleted policies): cases keep the version they started with.</summary>
    DbSet<Domain.ServiceLevels.SlaPolicyVersion> SlaPolicyVersions { get; }
    /// <summary>Surveys (SPEC §9.4): deployment-wide, not owner-scoped.</summary>
    DbSet<Domain.Surveys.Survey> Surveys { get; }

    /// <summary>Survey sends, owner-scoped for agents like the customers they invite.</summary>
    DbSet<Domain.Surveys.SurveySend> SurveySends { get; }

    /// <summary>Survey responses, owner-scoped for agents like the customers who gave them.</summary>
    DbSet<Domain.Surveys.SurveyResponse> SurveyResponses { get; }

    /// <summary>Transactions, for use cases that must lock before they read.</summary>
    DatabaseFacade Database { get; }

    /// <summary>The tracked entities (whether a use case changed anything: <c>HasChanges()</c>).</summary>
    ChangeTracker ChangeTracker { get; }

    /// <summary>
    /// Starts a batch's transaction, marking the request's idempotency key in it first: each
    /// <see cref="SaveChangesAsync"/> inside it writes its item and runs the handlers, and the
    /// events of every kept item are appended once, at the commit.
    /// </summary>
    Task<IBatchTransaction> BeginBatchAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Loads a live customer for update and locks its row until the current transaction ends,
    /// so concurrent use cases on one customer run one after the other. Null when not found.
    /// </summary>
    Task<Customer?> LockCustomerAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>
    /// Adds an event for a change that no aggregate raises (replacing the segment map), saved with
    /// the next <see cref="SaveChangesAsync"/>.
    /// </summary>
    void AddEvent(IDomainEvent domainEvent);

    /// <summary>
    /// Saves the unit of work: runs the in-process handlers of the events raised so far (and of
    /// the events they raise), writes the changes, and appends every event to the event log, all
    /// in one transaction (the caller's, or one of its own). Throws <see cref="Exceptions.UniqueConstraintViolationException"/>
    /// when a unique index refuses a row and <see cref="Exceptions.ConcurrencyConflictException"/>
    /// when a row changed since it was read.
    /// </summary>
    Task<int> SaveChangesAsync(CancellationToken cancellationToken);
}
