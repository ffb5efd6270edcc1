namespace CustomerRetention.Domain.Cases;

/// <summary>Where the customer raised the case (SPEC §9.3).</summary>
public enum CaseChannel
{
    Phone = 1,
    Email = 2,
    Sms = 3,
    Wechat = 4,
    Chat = 5,
    Web = 6,
    Store = 7,
    Other = 8,
}

public enum CaseCategory
{
    Complaint = 1,
    Inquiry = 2,
    Return = 3,
    Delivery = 4,
    Quality = 5,
    Billing = 6,
    Other = 7,
}

/// <summary>How urgent a case is; ordered, so that priorities compare.</summary>
public enum CasePriority
{
    Low = 1,
    Normal = 2,
    High = 3,
    Urgent = 4,
}

/// <summary>
/// Where a case stands: <see cref="New"/> and <see cref="Open"/> are active,
/// <see cref="PendingCustomer"/> waits on the customer, <see cref="OnHold"/> waits internally,
/// <see cref="Solved"/> can be reopened, <see cref="Closed"/> is final.
/// </summary>
public enum CaseStatus
{
    New = 1,
    Open = 2,
    PendingCustomer = 3,
    OnHold = 4,
    Solved = 5,
    Closed = 6,
}

public enum MessageDirection
{
    Inbound = 1,
    Outbound = 2,
    Internal = 3,
}

public enum MessageAuthorType
{
    Customer = 1,
    Agent = 2,
    System = 3,
}

/// <summary>What the customer was given when the case was solved.</summary>
public enum CompensationType
{
    None = 1,
    Refund = 2,
    Voucher = 3,
    Points = 4,
}
