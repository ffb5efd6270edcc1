namespace CustomerRetention.Application.Alerts;

/// <summary>The body of an acknowledgement or a dismissal.</summary>
public sealed record AlertNoteRequest
{
    /// <summary>Why, at most 2000 characters.</summary>
    public string? Note { get; init; }
}

/// <summary>The body of a snooze.</summary>
public sealed record AlertSnoozeRequest
{
    /// <summary>Until when; required, in the future. The first evaluation after it that still finds the condition re-opens the alert.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>Why, at most 2000 characters.</summary>
    public string? Reason { get; init; }
}

/// <summary>The body of a resolution.</summary>
public sealed record AlertResolutionRequest
{
    /// <summary>How it ended: retained, lost, false-positive or no-action. Required.</summary>
    public Domain.Alerts.AlertOutcome? Outcome { get; init; }

    /// <summary>What was done, at most 2000 characters.</summary>
    public string? Note { get; init; }
}

/// <summary>The fields of an alert a merge-patch may change.</summary>
[BuildingBlocks.Json.ReadOnlyMember("status", "'status' is read-only here: it changes through POST /api/v1/alerts/{id}/acknowledgement, /snooze, /resolution or /dismissal.")]
[BuildingBlocks.Json.ReadOnlyMember("severity", "'severity' is read-only: the rule's evaluations set it (raised, never lowered automatically).")]
public sealed record AlertFields
{
    /// <summary>Who works on it (a user id); null: nobody.</summary>
    public Guid? AssigneeId { get; init; }
}
