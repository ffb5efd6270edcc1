using CustomerRetention.Application.BuildingBlocks.Jobs;

namespace CustomerRetention.Application.Cases;

/// <summary>
/// The SLA scheduler (settings <c>Jobs:SlaTick:…</c>; every minute unless its <c>Schedule</c> says
/// otherwise): every case with a running target whose warning point or due time has come lets time
/// pass (<see cref="Domain.Cases.SupportCase.AdvanceSla"/>), so each target warns
/// (<c>sla.warning</c>) and breaches (<c>sla.breached</c>) exactly once.
/// </summary>
public sealed class SlaTickJob : IJobKind
{
    public const string DefaultSchedule = "* * * * *";

    private SlaTickJob()
    {
    }

    public static string Name => "SlaTick";
}
