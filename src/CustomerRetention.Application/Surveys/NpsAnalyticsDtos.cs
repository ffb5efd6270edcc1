using CustomerRetention.Domain.Surveys;

namespace CustomerRetention.Application.Surveys;

/// <summary>
/// One group (and, with an interval, one period) of the NPS analytics. For NPS surveys
/// <see cref="Promoters"/>, <see cref="Passives"/>, <see cref="Detractors"/>, <see cref="Nps"/>
/// and <see cref="Ci95"/> are set and the CSAT members null; for CSAT surveys the other way round.
/// </summary>
public sealed record NpsGroupDto
{
    /// <summary>The group: a segment, a stage, a channel or a survey id at response time; null for responses without a segment; <c>all</c> without groupBy.</summary>
    public string? Key { get; init; }

    /// <summary>The start of the UTC period (with an interval only).</summary>
    public DateTimeOffset? PeriodStart { get; init; }

    public int Responses { get; init; }

    public int? Promoters { get; init; }

    public int? Passives { get; init; }

    public int? Detractors { get; init; }

    /// <summary>100 × (promoters − detractors) / responses, one decimal; null without responses.</summary>
    public decimal? Nps { get; init; }

    /// <summary>The 95 % interval [low, high] of the NPS from the multinomial standard error, one decimal; null without responses.</summary>
    public IReadOnlyList<decimal>? Ci95 { get; init; }

    public int? Satisfied { get; init; }

    /// <summary>100 × satisfied (score ≥ 4) / responses, one decimal; null without responses.</summary>
    public decimal? Csat { get; init; }
}

/// <summary>The NPS (or CSAT) analytics of SPEC §9.4.</summary>
public sealed record NpsAnalyticsDto(
    DateTimeOffset From,
    DateTimeOffset To,
    SurveyType Type,
    Guid? SurveyId,
    string? GroupBy,
    string? Interval,
    IReadOnlyList<NpsGroupDto> Groups);

/// <summary>What the analytics engine computes: responses of one type in [from, to), of one survey or all.</summary>
public sealed record NpsAnalyticsRequest(DateTimeOffset From, DateTimeOffset To, SurveyType Type, Guid? SurveyId, string? GroupBy, string? Interval);

/// <summary>The port of the NPS analytics: one SQL statement over the responses and their snapshots (Infrastructure).</summary>
public interface ISurveyAnalytics
{
    Task<IReadOnlyList<NpsGroupDto>> GroupsAsync(NpsAnalyticsRequest request, CancellationToken cancellationToken);
}

/// <summary>The groupings of the NPS analytics, in their query-string spelling.</summary>
public static class NpsGroupings
{
    public static IReadOnlyList<string> Names { get; } = ["segment", "stage", "channel", "survey"];
}
