namespace CustomerRetention.Domain.ServiceLevels.Contracts;

/// <summary>
/// The SLA metrics of SPEC §9.3, each running its own clock per case: the vocabulary a policy's
/// targets are written in and the case's targets measure, so both modules share one spelling.
/// </summary>
public enum SlaMetric
{
    /// <summary>From the case's opening to the first public response of an agent.</summary>
    FirstResponse = 1,

    /// <summary>From a customer's message after an agent's response to the next agent response (one instance each time).</summary>
    NextResponse = 2,

    /// <summary>From the case's opening to its first solve, paused while the case waits on the customer.</summary>
    Resolution = 3,
}
