using CustomerRetention.Domain.BuildingBlocks.Events;
using Npgsql;

namespace CustomerRetention.Infrastructure.BuildingBlocks.Jobs;

/// <summary>
/// The computation of one kind of job. The kit (<see cref="JobRunner{TEngine, TKind}"/>) claims
/// the job, holds its row, keeps its heartbeat, opens the transaction and records any failure;
/// the engine reads the job's parameters, computes, reports progress and, in a separate success
/// step, stores its outputs and marks the job <c>succeeded</c> in that transaction.
/// </summary>
public interface IJobEngine
{
    /// <summary>The job table and the words its errors and logs use.</summary>
    static abstract JobDescription Description { get; }

    /// <summary>
    /// Runs the claimed job <see cref="JobContext.Id"/> inside the kit's transaction on
    /// <see cref="JobContext.Connection"/>, ending with the success step. Throws on any failure.
    /// </summary>
    Task ExecuteAsync(JobContext job, CancellationToken cancellationToken);

    /// <summary>
    /// The error shown to the user for <paramref name="exception"/> when it is one of the engine's
    /// own domain reasons; null for anything else (the kit then says "internal error").
    /// </summary>
    string? DescribeFailure(Exception exception);

    /// <summary>The event a failure of job <paramref name="id"/> (for <paramref name="reason"/>) appends to the event log (for example <c>rfm.run-failed</c>).</summary>
    static abstract IDomainEvent Failed(Guid id, string reason, DateTimeOffset occurredAt);
}

/// <summary>
/// A job table and how its jobs are named: <paramref name="Table"/> (the code's own constant, never
/// input) has the kit's columns <c>id, status, created_at, started_at, finished_at, claimed_by,
/// error, heartbeat_at, progress</c>; <paramref name="Title"/> names a job in the log ("RFM run"),
/// <paramref name="Worker"/> the worker in its log lines ("RFM") and <paramref name="WorkerCategory"/>
/// is the worker's log category (the class name it had before the kit, so log filters keep
/// working); <paramref name="Noun"/> and <paramref name="Outputs"/> name the job and what it stores
/// in user-facing errors ("run", "results").
/// </summary>
public sealed record JobDescription(string Table, string Title, string Worker, string WorkerCategory, string Noun, string Outputs);

/// <summary>A claimed job being executed: its id, the connection (in the kit's transaction), the kind's settings and its progress.</summary>
public sealed class JobContext(Guid id, NpgsqlConnection connection, JobOptions options, TimeProvider clock)
{
    private double _progress;

    public Guid Id { get; } = id;

    public NpgsqlConnection Connection { get; } = connection;

    public JobOptions Options { get; } = options;

    private readonly List<IDomainEvent> _events = [];

    /// <summary>The events the job raised (its success event), appended when it commits.</summary>
    public IReadOnlyList<IDomainEvent> Events => _events;

    /// <summary>Now, to the microsecond PostgreSQL keeps (for the time of the job's events).</summary>
    public DateTimeOffset Now => CustomerRetention.Application.BuildingBlocks.Time.UtcNowMicroseconds(clock);

    /// <summary>Records an event that commits with the job (the engine's success step raises its own).</summary>
    public void Raise(IDomainEvent domainEvent) => _events.Add(domainEvent);

    /// <summary>The last progress reported, 0–1.</summary>
    public double Progress => Volatile.Read(ref _progress);

    /// <summary>Reports how far the job is, 0–1; the next heartbeat stores it in <c>progress</c>.</summary>
    public void ReportProgress(double fraction) => Volatile.Write(ref _progress, Math.Clamp(fraction, 0, 1));

    /// <summary>A command on the job's connection with the kind's statement timeout.</summary>
    public NpgsqlCommand Command(string sql) => new(sql, Connection) { CommandTimeout = Options.CommandTimeoutSeconds };

    /// <summary>Runs one statement on the job's connection.</summary>
    public async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = Command(sql);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
