using CustomerRetention.Domain.BuildingBlocks;
using CustomerRetention.Domain.BuildingBlocks.Events;

namespace CustomerRetention.Domain.Cases;

/// <summary>What a person may set on a case when opening it and, except the order, later.</summary>
public sealed record CaseDetails(
    CaseChannel Channel,
    CaseCategory Category,
    string Subject,
    string? Description,
    CasePriority Priority,
    Guid? OrderId,
    Guid? AssigneeId);

/// <summary>How a case was solved: a summary and what the customer was given (an amount for every compensation but none).</summary>
public sealed record CaseResolution(string Summary, CompensationType Compensation, decimal? Amount, string? Currency);

/// <summary>
/// A complaint or request handled to resolution (SPEC §9.3). Named <c>SupportCase</c> because
/// <c>case</c> is a C# keyword. Every change happens at an instant, now or — for history imported
/// from another helpdesk — in the past, but never before the case's previous change
/// (<see cref="LastActivityAt"/>), so the SLA clocks can replay the case in order. The status
/// machine: new and open are active; pending-customer and on-hold wait; solved can be reopened
/// (<see cref="ReopenCount"/>); closed is final (a new case links to it instead).
/// </summary>
public sealed partial class SupportCase : AggregateRoot
{
    public const string ResourceType = "case";

    /// <summary>The codes of the 409s of a case.</summary>
    public const string ClosedCode = "case-closed";

    public const string TransitionCode = "case-transition-not-allowed";

    public const string OutOfOrderCode = "case-change-before-last";

    public const int SubjectMaxLength = 200;

    public const int DescriptionMaxLength = 20_000;

    public const int SummaryMaxLength = 2_000;

    private static readonly Dictionary<CaseStatus, CaseStatus[]> Allowed = new()
    {
        [CaseStatus.New] = [CaseStatus.Open, CaseStatus.PendingCustomer, CaseStatus.OnHold, CaseStatus.Solved],
        [CaseStatus.Open] = [CaseStatus.PendingCustomer, CaseStatus.OnHold, CaseStatus.Solved],
        [CaseStatus.PendingCustomer] = [CaseStatus.Open, CaseStatus.OnHold, CaseStatus.Solved],
        [CaseStatus.OnHold] = [CaseStatus.Open, CaseStatus.PendingCustomer, CaseStatus.Solved],
        [CaseStatus.Solved] = [CaseStatus.Open, CaseStatus.Closed],
        [CaseStatus.Closed] = [],
    };

    private readonly List<CaseChange> _history = [];

    private SupportCase()
    {
        Number = Subject = string.Empty;
    }

    public Guid Id { get; private set; }

    /// <summary>Human-readable and unique: <c>CS-</c> and at least six digits.</summary>
    public string Number { get; private set; }

    public Guid CustomerId { get; private set; }

    public Guid? OrderId { get; private set; }

    /// <summary>The (closed) case this one follows up, if any.</summary>
    public Guid? LinkedCaseId { get; private set; }

    public CaseChannel Channel { get; private set; }

    public CaseCategory Category { get; private set; }

    public string Subject { get; private set; }

    public string? Description { get; private set; }

    public CasePriority Priority { get; private set; }

    public CaseStatus Status { get; private set; }

    public Guid? AssigneeId { get; private set; }

    public CaseResolution? Resolution { get; private set; }

    public int ReopenCount { get; private set; }

    /// <summary>When the customer raised it (now, or earlier for an imported case).</summary>
    public DateTimeOffset OpenedAt { get; private set; }

    /// <summary>The first public outbound message of an agent.</summary>
    public DateTimeOffset? FirstRespondedAt { get; private set; }

    /// <summary>The latest time the case was solved (cleared by a reopen).</summary>
    public DateTimeOffset? SolvedAt { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    /// <summary>The instant of the case's latest change or message: nothing may happen before it.</summary>
    public DateTimeOffset LastActivityAt { get; private set; }

    public int MessageCount { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public uint Version { get; private set; }

    /// <summary>Every status, priority, category and assignee change, oldest first.</summary>
    public IReadOnlyList<CaseChange> History => _history;

    public bool IsActive => Status is CaseStatus.New or CaseStatus.Open;

    public static string FormatNumber(long sequence) => $"CS-{sequence:D6}";

    /// <summary>Opens a case with status new at <paramref name="openedAt"/> (not after <paramref name="now"/>).</summary>
    public static SupportCase Open(long sequence, Guid customerId, CaseDetails details, Guid? linkedCaseId, DateTimeOffset openedAt, string actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(details);
        if (openedAt > now)
        {
            throw new ArgumentOutOfRangeException(nameof(openedAt), "A case cannot be opened in the future.");
        }

        var supportCase = new SupportCase
        {
            Id = Guid.CreateVersion7(now),
            Number = FormatNumber(sequence),
            CustomerId = customerId,
            OrderId = details.OrderId,
            LinkedCaseId = linkedCaseId,
            Channel = details.Channel,
            Category = details.Category,
            Subject = details.Subject,
            Description = details.Description,
            Priority = details.Priority,
            Status = CaseStatus.New,
            AssigneeId = details.AssigneeId,
            OpenedAt = openedAt,
            LastActivityAt = openedAt,
            CreatedAt = now,
            UpdatedAt = now,
        };
        supportCase._history.Add(CaseChange.Of(supportCase.Id, openedAt, actor, "status", null, "new", now));
        supportCase.Raise(new CaseCreated(supportCase, now));
        return supportCase;
    }

    /// <summary>Changes subject, category, priority or assignee at <paramref name="at"/>; nothing changed, nothing raised.</summary>
    public void Update(string subject, string? description, CaseCategory category, CasePriority priority, Guid? assigneeId, DateTimeOffset at, string actor, DateTimeOffset now)
    {
        EnsureOpenToChange(at);
        var changes = new FieldChanges()
            .Compare("subject", Subject, subject)
            .Compare("description", Description, description)
            .Compare("category", Category, category)
            .Compare("priority", Priority, priority)
            .Compare("assigneeId", AssigneeId, assigneeId);
        if (!changes.Any)
        {
            return;
        }

        Journal("category", Category, category, at, actor, now);
        Journal("priority", Priority, priority, at, actor, now);
        if (AssigneeId != assigneeId)
        {
            _history.Add(CaseChange.Of(Id, at, actor, "assigneeId", AssigneeId?.ToString(), assigneeId?.ToString(), now));
        }

        Subject = subject;
        Description = description;
        Category = category;
        Priority = priority;
        AssigneeId = assigneeId;
        Touch(at, now);
        Raise(new CaseUpdated(this, changes.Names, changes.Previous, at, now));
    }

    /// <summary>
    /// Moves the case to <paramref name="to"/> at <paramref name="at"/>: solving needs a
    /// <paramref name="resolution"/>; solved → open is a reopen; closed is final. The same status is no change.
    /// </summary>
    public void ChangeStatus(CaseStatus to, CaseResolution? resolution, DateTimeOffset at, string actor, DateTimeOffset now)
    {
        EnsureOpenToChange(at);
        if (to == Status)
        {
            return;
        }

        if (!Allowed[Status].Contains(to))
        {
            throw new DomainException(
                TransitionCode,
                $"A {Name(Status)} case cannot become {Name(to)}; from {Name(Status)} it can become: {string.Join(", ", Allowed[Status].Select(Name))}.",
                new Dictionary<string, object?> { ["from"] = Name(Status), ["to"] = Name(to), ["allowed"] = Allowed[Status].Select(Name).ToArray() });
        }

        if (to == CaseStatus.Solved)
        {
            Resolution = resolution ?? throw new ArgumentNullException(nameof(resolution), "Solving a case needs its resolution.");
            SolvedAt = at;
        }
        else if (Status == CaseStatus.Solved && to == CaseStatus.Open)
        {
            ReopenCount++;
            SolvedAt = null;
        }

        if (to == CaseStatus.Closed)
        {
            ClosedAt = at;
        }

        var from = Status;
        Status = to;
        _history.Add(CaseChange.Of(Id, at, actor, "status", Name(from), Name(to), now));
        Touch(at, now);
        Raise(new CaseStatusChanged(this, from, to, at, actor, now));
    }

    /// <summary>
    /// Adds a message sent at <paramref name="sentAt"/>. A public outbound message of an agent is a
    /// response: the first one opens a new case. A customer's message brings a case that waits on
    /// the customer back to open, and reopens a solved one. A closed case takes no message.
    /// </summary>
    public CaseMessage AddMessage(MessageDirection direction, MessageAuthorType author, bool isPublic, string body, DateTimeOffset sentAt, string actor, DateTimeOffset now)
    {
        EnsureOpenToChange(sentAt);
        var message = CaseMessage.Create(Id, direction, author, isPublic, body, sentAt, actor, now);
        MessageCount++;
        Touch(sentAt, now);
        Raise(new CaseMessageAdded(this, message, now));
        if (message.IsResponse)
        {
            FirstRespondedAt ??= sentAt;
            if (Status == CaseStatus.New)
            {
                ChangeStatus(CaseStatus.Open, null, sentAt, actor, now);
            }
        }
        else if (author == MessageAuthorType.Customer && Status is CaseStatus.PendingCustomer or CaseStatus.Solved)
        {
            ChangeStatus(CaseStatus.Open, null, sentAt, actor, now);
        }

        return message;
    }

    public CaseDetails ToDetails() => new(Channel, Category, Subject, Description, Priority, OrderId, AssigneeId);

    public static string Name(CaseStatus status) => status switch
    {
        CaseStatus.PendingCustomer => "pending-customer",
        CaseStatus.OnHold => "on-hold",
        _ => status.ToString().ToLowerInvariant(),
    };

    private void Journal<T>(string field, T before, T after, DateTimeOffset at, string actor, DateTimeOffset now)
        where T : struct, Enum
    {
        if (!before.Equals(after))
        {
            _history.Add(CaseChange.Of(Id, at, actor, field, before.ToString().ToLowerInvariant(), after.ToString().ToLowerInvariant(), now));
        }
    }

    private void Touch(DateTimeOffset at, DateTimeOffset now)
    {
        LastActivityAt = at > LastActivityAt ? at : LastActivityAt;
        UpdatedAt = now;
    }

    private void EnsureOpenToChange(DateTimeOffset at)
    {
        if (Status == CaseStatus.Closed)
        {
            throw new DomainException(ClosedCode, $"Case {Number} is closed and cannot change; open a new case linked to it (linkedCaseId).");
        }

        if (at < LastActivityAt)
        {
            throw new DomainException(
                OutOfOrderCode,
                $"Case {Number} last changed at {LastActivityAt:yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'}: a change or message cannot be dated before that.",
                new Dictionary<string, object?> { ["lastActivityAt"] = LastActivityAt });
        }
    }
}

/// <summary>One entry of a case's journal: a status, priority, category or assignee change at an instant, by an actor.</summary>
public sealed class CaseChange
{
    private CaseChange()
    {
        Actor = Field = string.Empty;
    }

    public Guid Id { get; private set; }

    public Guid CaseId { get; private set; }

    /// <summary>When it happened (an import's past instant, or now).</summary>
    public DateTimeOffset At { get; private set; }

    public string Actor { get; private set; }

    /// <summary><c>status</c>, <c>priority</c>, <c>category</c> or <c>assigneeId</c>.</summary>
    public string Field { get; private set; }

    public string? From { get; private set; }

    public string? To { get; private set; }

    /// <summary>When it was recorded.</summary>
    public DateTimeOffset RecordedAt { get; private set; }

    internal static CaseChange Of(Guid caseId, DateTimeOffset at, string actor, string field, string? from, string? to, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        CaseId = caseId,
        At = at,
        Actor = actor,
        Field = field,
        From = from,
        To = to,
        RecordedAt = now,
    };
}
