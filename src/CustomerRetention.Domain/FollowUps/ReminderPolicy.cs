using CustomerRetention.Domain.BuildingBlocks.Events;

namespace CustomerRetention.Domain.FollowUps;

/// <summary>The birthday reminder (SPEC §9.2): a task due <see cref="LeadDays"/> before each birthday, once per customer and year.</summary>
public sealed record BirthdaySettings(int LeadDays, TaskType TaskType, Feb29Rule Feb29)
{
    public static BirthdaySettings Default { get; } = new(3, TaskType.Call, Feb29Rule.Feb28);
}

/// <summary>
/// The post-purchase reminder (SPEC §9.2): a feedback task, or a send of survey
/// <see cref="SurveyId"/> on <see cref="Channel"/>, due <see cref="DelayDays"/> after a completed
/// order, once per order. <see cref="SurveyId"/> and <see cref="Channel"/> are set for
/// <see cref="PostPurchaseAction.SurveySend"/> only.
/// </summary>
public sealed record PostPurchaseSettings(
    int DelayDays, PostPurchaseAction Action, TaskType TaskType, IReadOnlyList<PostPurchaseSkip> SkipIf, Guid? SurveyId = null, PostPurchaseChannel? Channel = null)
{
    public static PostPurchaseSettings Default { get; } =
        new(7, PostPurchaseAction.Task, TaskType.Call, [PostPurchaseSkip.OrderCancelled, PostPurchaseSkip.OrderRefunded, PostPurchaseSkip.OpenCase]);
}

/// <summary>The two reminder kinds, each one row (<c>reminder_policies</c>).</summary>
public enum ReminderKind
{
    Birthday = 1,
    PostPurchase = 2,
}

/// <summary>
/// A reminder policy: one row per <see cref="ReminderKind"/>, seeded disabled with the defaults of
/// SPEC §9.2, replaced as a whole (PUT). <see cref="Revision"/> counts the changes.
/// </summary>
public sealed class ReminderPolicy : AggregateRoot
{
    public const string ResourceType = "reminder-policy";

    private ReminderPolicy()
    {
    }

    public ReminderKind Kind { get; private set; }

    /// <summary>Set for the birthday row only.</summary>
    public BirthdaySettings? Birthday { get; private set; }

    /// <summary>Set for the post-purchase row only.</summary>
    public PostPurchaseSettings? PostPurchase { get; private set; }

    public bool Enabled { get; private set; }

    public int Revision { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public uint Version { get; private set; }

    /// <summary>The seeded rows (disabled, defaults), for the migration.</summary>
    public static ReminderPolicy Seed(ReminderKind kind, DateTimeOffset at) => new()
    {
        Kind = kind,
        Birthday = kind == ReminderKind.Birthday ? BirthdaySettings.Default : null,
        PostPurchase = kind == ReminderKind.PostPurchase ? PostPurchaseSettings.Default : null,
        Enabled = false,
        Revision = 1,
        UpdatedAt = at,
    };

    public void Replace(BirthdaySettings settings, bool enabled, DateTimeOffset now)
    {
        Require(ReminderKind.Birthday);
        if (settings == Birthday && enabled == Enabled)
        {
            return;
        }

        Birthday = settings;
        Changed(enabled, now);
    }

    public void Replace(PostPurchaseSettings settings, bool enabled, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Require(ReminderKind.PostPurchase);
        if (PostPurchase is { } current && current with { SkipIf = settings.SkipIf } == settings
            && current.SkipIf.SequenceEqual(settings.SkipIf) && enabled == Enabled)
        {
            return;
        }

        PostPurchase = settings;
        Changed(enabled, now);
    }

    private void Require(ReminderKind kind)
    {
        if (Kind != kind)
        {
            throw new InvalidOperationException($"This is the {Kind} policy, not the {kind} one.");
        }
    }

    private void Changed(bool enabled, DateTimeOffset now)
    {
        Enabled = enabled;
        Revision++;
        UpdatedAt = now;
        Raise(new ReminderPolicyReplaced(this, now));
    }
}

/// <summary><c>reminder.policy-replaced</c>: the birthday or post-purchase policy was replaced.</summary>
public sealed record ReminderPolicyReplaced(ReminderPolicy Policy, DateTimeOffset OccurredAt) : IDomainEvent
{
    public const string EventType = "reminder.policy-replaced";

    /// <summary>Fixed ids name the two policies (…0001 birthday, …0002 post-purchase): each is one resource without an id of its own.</summary>
    public static Guid IdOf(ReminderKind kind) => new($"00000000-0000-0000-0000-00000000000{(int)kind}");

    public string Type => EventType;

    public Guid? CustomerId => null;

    public ResourceRef Resource => new(ReminderPolicy.ResourceType, IdOf(Policy.Kind));
}
