using CustomerRetention.Domain.BuildingBlocks;
using CustomerRetention.Domain.Surveys;

namespace CustomerRetention.Domain.Tests.Surveys;

/// <summary>The survey rules of SPEC §9.4 that need no database: categories, scales, the status order, a send's openness.</summary>
public sealed class SurveyRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 29, 1, 30, 0, TimeSpan.Zero);

    private static Survey NewSurvey(SurveyStatus status = SurveyStatus.Active, SurveyType type = SurveyType.Nps, int expiresAfterDays = 14) =>
        Survey.Create(new SurveyDetails(type, "NPS", "Recommend us?", status, 30, expiresAfterDays), Now);

    [Theory]
    [InlineData(10, "promoter")]
    [InlineData(9, "promoter")]
    [InlineData(8, "passive")]
    [InlineData(7, "passive")]
    [InlineData(6, "detractor")]
    [InlineData(0, "detractor")]
    public void Nps_categories_are_9_10_promoters_7_8_passives_and_0_6_detractors(int score, string category) =>
        Assert.Equal(category, SurveyCategories.Of(SurveyType.Nps, score));

    [Theory]
    [InlineData(5, "satisfied")]
    [InlineData(4, "satisfied")]
    [InlineData(3, "unsatisfied")]
    [InlineData(1, "unsatisfied")]
    public void Csat_is_satisfied_at_4_or_more(int score, string category) =>
        Assert.Equal(category, SurveyCategories.Of(SurveyType.Csat, score));

    [Theory]
    [InlineData(SurveyStatus.Draft, SurveyStatus.Active, true)]
    [InlineData(SurveyStatus.Draft, SurveyStatus.Archived, true)]
    [InlineData(SurveyStatus.Active, SurveyStatus.Archived, true)]
    [InlineData(SurveyStatus.Active, SurveyStatus.Active, true)]
    [InlineData(SurveyStatus.Active, SurveyStatus.Draft, false)]
    [InlineData(SurveyStatus.Archived, SurveyStatus.Active, false)]
    [InlineData(SurveyStatus.Archived, SurveyStatus.Draft, false)]
    public void The_status_moves_one_way(SurveyStatus from, SurveyStatus to, bool allowed) =>
        Assert.Equal(allowed, Survey.IsAllowed(from, to));

    [Fact]
    public void A_refused_transition_is_a_coded_conflict_and_changes_nothing()
    {
        var survey = NewSurvey(SurveyStatus.Archived);
        var error = Assert.Throws<DomainException>(() => survey.Update(survey.ToDetails() with { Status = SurveyStatus.Active }, Now.AddHours(1)));
        Assert.Equal(Survey.TransitionCode, error.Code);
        Assert.Equal(SurveyStatus.Archived, survey.Status);
        Assert.Equal(1, survey.Revision);
    }

    [Fact]
    public void A_draft_survey_sends_nothing()
    {
        var survey = NewSurvey(SurveyStatus.Draft);
        var error = Assert.Throws<DomainException>(() => SurveySend.Sent(survey, Guid.CreateVersion7(), SurveyChannel.Email, null, null, "hash", Now));
        Assert.Equal(Survey.NotActiveCode, error.Code);
    }

    [Fact]
    public void A_send_expires_exactly_expires_after_days_after_it_was_sent()
    {
        var send = SurveySend.Sent(NewSurvey(expiresAfterDays: 14), Guid.CreateVersion7(), SurveyChannel.Email, null, null, "hash", Now);
        Assert.Equal(Now.AddDays(14), send.ExpiresAt);
        send.EnsureOpen(Now.AddDays(14).AddTicks(-10));
        Assert.Equal(SurveySend.ExpiredCode, Assert.Throws<DomainException>(() => send.EnsureOpen(Now.AddDays(14))).Code);
    }

    [Fact]
    public void A_send_takes_one_response_and_a_throttled_one_none()
    {
        var survey = NewSurvey();
        var customer = Guid.CreateVersion7();
        var send = SurveySend.Sent(survey, customer, SurveyChannel.Web, null, null, "hash", Now);
        var snapshot = new SurveySnapshot("champions", Guid.CreateVersion7(), "retention");
        var response = SurveyResponse.Record(survey, send, customer, new SurveyAnswer(9, null, SurveyChannel.Web, Now), snapshot, SurveyResponseSource.Public, "anonymous", Now);
        Assert.Equal(SurveySendStatus.Responded, send.Status);
        Assert.Equal(response.Id, send.ResponseId);
        Assert.Equal("promoter", response.Category);
        Assert.Equal(SurveySend.AlreadyAnsweredCode, Assert.Throws<DomainException>(() => send.EnsureOpen(Now)).Code);

        var throttled = SurveySend.Throttled(survey, customer, SurveyChannel.Web, null, null, send.Id, Now);
        Assert.Null(throttled.TokenHash);
        Assert.Equal(SurveySend.NotOpenCode, Assert.Throws<DomainException>(() => throttled.EnsureOpen(Now)).Code);
    }

    [Theory]
    [InlineData(SurveyType.Nps, -1)]
    [InlineData(SurveyType.Nps, 11)]
    [InlineData(SurveyType.Csat, 0)]
    [InlineData(SurveyType.Csat, 6)]
    public void A_score_off_the_scale_is_refused(SurveyType type, int score)
    {
        var survey = NewSurvey(type: type);
        var error = Assert.Throws<DomainException>(() => SurveyResponse.Record(
            survey, null, Guid.CreateVersion7(), new SurveyAnswer(score, null, SurveyChannel.Phone, Now), new SurveySnapshot(null, null, "retention"), SurveyResponseSource.Agent, "user:x", Now));
        Assert.Equal(SurveyResponse.ScoreOutOfRangeCode, error.Code);
    }

    [Fact]
    public void A_send_made_with_a_token_takes_no_second_one_and_a_throttled_send_none()
    {
        var survey = NewSurvey();
        var customer = Guid.CreateVersion7();
        var send = SurveySend.Sent(survey, customer, SurveyChannel.Email, SurveyContextType.Order, Guid.CreateVersion7(), "hash", Now);
        Assert.Equal(SurveySend.TokenIssuedCode, Assert.Throws<DomainException>(() => send.IssueToken("other", Now)).Code);
        Assert.Equal("hash", send.TokenHash);

        var throttled = SurveySend.Throttled(survey, customer, SurveyChannel.Email, null, null, send.Id, Now);
        Assert.Equal(SurveySend.TokenIssuedCode, Assert.Throws<DomainException>(() => throttled.IssueToken("other", Now)).Code);
        Assert.Null(throttled.TokenHash);
    }
}
