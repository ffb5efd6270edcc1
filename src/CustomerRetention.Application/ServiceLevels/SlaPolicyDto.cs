using System.Text.Json.Serialization;
using CustomerRetention.Application.BuildingBlocks.Concurrency;
using CustomerRetention.Domain.ServiceLevels;

namespace CustomerRetention.Application.ServiceLevels;

/// <summary>An SLA policy as the API returns it (SPEC §9.3).</summary>
public sealed record SlaPolicyDto
{
    public Guid Id { get; init; }

    public required string Name { get; init; }

    /// <summary>Evaluation order, lowest first; ties go to the older policy.</summary>
    public int Position { get; init; }

    /// <summary>The one policy that applies when no other matches.</summary>
    public bool IsDefault { get; init; }

    public required SlaConditionsDto Conditions { get; init; }

    /// <summary>The business calendar of business mode (null in calendar mode when none is named).</summary>
    public Guid? CalendarId { get; init; }

    public HoursMode HoursMode { get; init; }

    public int WarnAtPercent { get; init; }

    /// <summary>Per metric and priority; a metric without a target for a case's priority runs no clock under this policy.</summary>
    public required IReadOnlyList<SlaTarget> Targets { get; init; }

    /// <summary>Starts at 1 and goes up with every change; a case records the version it started with.</summary>
    public int Version { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The same value as the <c>ETag</c> header: send it back in <c>If-Match</c> to change exactly this version.</summary>
    [JsonPropertyName("etag")]
    public string ETag => EntityTag.From(RowVersion);

    [JsonIgnore]
    public uint RowVersion { get; init; }

    public static SlaPolicyDto Of(SlaPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return new SlaPolicyDto
        {
            Id = policy.Id,
            Name = policy.Name,
            Position = policy.Position,
            IsDefault = policy.IsDefault,
            Conditions = SlaConditionsDto.Of(policy.Conditions),
            CalendarId = policy.CalendarId,
            HoursMode = policy.HoursMode,
            WarnAtPercent = policy.WarnAtPercent,
            Targets = policy.Targets,
            Version = policy.Revision,
            CreatedAt = policy.CreatedAt,
            UpdatedAt = policy.UpdatedAt,
            RowVersion = policy.Version,
        };
    }
}

/// <summary>A policy's conditions: every non-empty list must match.</summary>
public sealed record SlaConditionsDto(
    IReadOnlyList<string> Priorities,
    IReadOnlyList<string> Categories,
    IReadOnlyList<string> Channels,
    IReadOnlyList<string> Segments,
    IReadOnlyList<string> Tags)
{
    public static SlaConditionsDto Of(SlaConditions conditions)
    {
        ArgumentNullException.ThrowIfNull(conditions);
        return new(conditions.Priorities, conditions.Categories, conditions.Channels, conditions.Segments, conditions.Tags);
    }
}
