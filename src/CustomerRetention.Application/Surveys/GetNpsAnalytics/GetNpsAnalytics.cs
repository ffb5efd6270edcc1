using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Domain.Surveys;
using FluentValidation;
using FluentValidation.Results;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Surveys.GetNpsAnalytics;

/// <summary>
/// NPS (or CSAT) of the responses with respondedAt in [from, to), optionally of one survey, grouped
/// by the segment or stage the customer had at response time, by channel or by survey, and per
/// period with an interval. <c>type</c> defaults to the survey's type (else nps).
/// </summary>
public sealed record GetNpsAnalyticsQuery(DateTimeOffset? From, DateTimeOffset? To, Guid? SurveyId, string? GroupBy, string? Interval, SurveyType? Type) : IQuery<NpsAnalyticsDto>;

public sealed class GetNpsAnalyticsHandler(IApplicationDbContext db, ISurveyAnalytics analytics) : IQueryHandler<GetNpsAnalyticsQuery, NpsAnalyticsDto>
{
    public async ValueTask<NpsAnalyticsDto> Handle(GetNpsAnalyticsQuery query, CancellationToken cancellationToken)
    {
        var type = query.Type ?? SurveyType.Nps;
        if (query.SurveyId is { } surveyId)
        {
            var survey = await SurveyLookup.FindAsync(db.Surveys.AsNoTracking(), surveyId, null, cancellationToken);
            if (query.Type is not null && query.Type != survey.Type)
            {
                throw new ValidationException([new ValidationFailure("type", $"The survey is of type {survey.Type.ToString().ToLowerInvariant()}: leave 'type' out or send that.")]);
            }

            type = survey.Type;
        }

        var (from, to) = (query.From!.Value.ToUniversalTime(), query.To!.Value.ToUniversalTime());
        var groups = await analytics.GroupsAsync(new NpsAnalyticsRequest(from, to, type, query.SurveyId, query.GroupBy, query.Interval), cancellationToken);
        return new NpsAnalyticsDto(from, to, type, query.SurveyId, query.GroupBy, query.Interval, groups);
    }
}
