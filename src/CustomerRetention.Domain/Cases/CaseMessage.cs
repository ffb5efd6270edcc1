namespace CustomerRetention.Domain.Cases;

/// <summary>
/// A message on a case: from the customer (inbound), to the customer (outbound, by an agent or the
/// system) or an internal note (never public). Only a public outbound message by an agent is a
/// <see cref="IsResponse">response</see> (SPEC §9.3); internal notes and system messages never count.
/// </summary>
public sealed class CaseMessage
{
    public const int BodyMaxLength = 20_000;

    private CaseMessage()
    {
        Body = Actor = string.Empty;
    }

    public Guid Id { get; private set; }

    public Guid CaseId { get; private set; }

    public MessageDirection Direction { get; private set; }

    public MessageAuthorType AuthorType { get; private set; }

    public bool Public { get; private set; }

    public string Body { get; private set; }

    /// <summary>When it was sent (now, or earlier for imported history).</summary>
    public DateTimeOffset SentAt { get; private set; }

    /// <summary>Who recorded it (the API caller).</summary>
    public string Actor { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public bool IsResponse => Direction == MessageDirection.Outbound && AuthorType == MessageAuthorType.Agent && Public;

    internal static CaseMessage Create(Guid caseId, MessageDirection direction, MessageAuthorType author, bool isPublic, string body, DateTimeOffset sentAt, string actor, DateTimeOffset now)
    {
        var consistent = direction switch
        {
            MessageDirection.Inbound => author == MessageAuthorType.Customer,
            MessageDirection.Outbound => author != MessageAuthorType.Customer,
            _ => author != MessageAuthorType.Customer && !isPublic,
        };
        if (!consistent || string.IsNullOrWhiteSpace(body))
        {
            throw new ArgumentException("Inbound messages are the customer's, outbound an agent's or the system's, internal notes never public; a message has a body.");
        }

        return new CaseMessage
        {
            Id = Guid.CreateVersion7(now),
            CaseId = caseId,
            Direction = direction,
            AuthorType = author,
            Public = isPublic,
            Body = body,
            SentAt = sentAt,
            Actor = actor,
            CreatedAt = now,
        };
    }
}
