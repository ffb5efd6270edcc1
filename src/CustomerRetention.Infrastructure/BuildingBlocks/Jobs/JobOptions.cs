using Microsoft.Extensions.Configuration;

namespace CustomerRetention.Infrastructure.BuildingBlocks.Jobs;

/// <summary>
/// Settings of one job kind, configuration section <c>Jobs:&lt;Kind&gt;</c> (e.g. <c>Jobs:Rfm</c>,
/// <c>Jobs:Clv</c>). The keys used before the job kit still work as aliases: <c>Rfm:*</c> for
/// both RFM runs and CLV models (they shared it), <c>Rfm:Worker</c> and <c>Clv:Worker</c>; a
/// <c>Jobs:&lt;Kind&gt;:…</c> key wins over its alias.
/// </summary>
public sealed class JobOptions
{
    /// <summary>Session work_mem for a job's statements (an RFM run's percentile sorts fit in memory).</summary>
    public int WorkMemMegabytes { get; set; } = 256;

    /// <summary>Session maintenance_work_mem for building indexes (an RFM run's partition).</summary>
    public int MaintenanceWorkMemMegabytes { get; set; } = 512;

    /// <summary>Timeout of each statement of a job.</summary>
    public int CommandTimeoutSeconds { get; set; } = 1800;

    /// <summary>How often each instance looks for jobs queued by other instances, dead instances' jobs and due schedules.</summary>
    public double PollSeconds { get; set; } = 2;

    /// <summary>False runs no worker of this kind in this instance (its schedule still fires here).</summary>
    public bool Worker { get; set; } = true;

    /// <summary>How often a running job's <c>heartbeat_at</c> (and <c>progress</c>) is written.</summary>
    public double HeartbeatSeconds { get; set; } = 15;

    /// <summary>
    /// A running job whose heartbeat is older than this (and whose row no live transaction holds)
    /// belonged to an instance that stopped: it is failed with that reason.
    /// </summary>
    public double StaleAfterSeconds { get; set; } = 120;

    /// <summary>A cron expression (5 fields, or 6 with seconds) in the deployment time zone (Crm:TimeZone) that queues a job with default parameters; empty or "none": no schedule.</summary>
    public string? Schedule { get; set; }

    /// <summary>
    /// Reads the settings of <paramref name="kind"/>: the defaults, then the legacy section
    /// <paramref name="legacySection"/> (if any), then <c><paramref name="workerAlias"/>:Worker</c>,
    /// then <c>Jobs:<paramref name="kind"/></c>.
    /// </summary>
    public static JobOptions Read(IConfiguration configuration, string kind, string? legacySection, string? workerAlias)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new JobOptions();
        if (legacySection is not null)
        {
            configuration.GetSection(legacySection).Bind(options);
        }

        options.Worker = workerAlias is null || configuration.GetValue($"{workerAlias}:Worker", true);
        configuration.GetSection($"Jobs:{kind}").Bind(options);
        if (!(options.HeartbeatSeconds > 0) || !(options.StaleAfterSeconds > options.HeartbeatSeconds) || !(options.PollSeconds > 0))
        {
            throw new InvalidOperationException(
                $"Jobs:{kind}: PollSeconds and HeartbeatSeconds must be above 0, and StaleAfterSeconds above HeartbeatSeconds "
                + $"(now {options.PollSeconds}, {options.HeartbeatSeconds}, {options.StaleAfterSeconds}).");
        }

        return options;
    }
}

/// <summary>The settings of the job kind <typeparamref name="TKind"/>, as registered by <see cref="JobRegistration.AddJob{TEngine, TKind}"/>.</summary>
public sealed class JobOptions<TKind>(JobOptions value)
{
    public JobOptions Value { get; } = value;
}
