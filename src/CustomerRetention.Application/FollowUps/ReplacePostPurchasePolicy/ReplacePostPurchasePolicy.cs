using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Domain.FollowUps;
using CustomerRetention.Application.Surveys.Contracts;
using FluentValidation;
using FluentValidation.Results;
using Mediator;

namespace CustomerRetention.Application.FollowUps.ReplacePostPurchasePolicy;

/// <summary>Replace the post-purchase policy as a whole; an unchanged body changes nothing (no event, same version).</summary>
public sealed record ReplacePostPurchasePolicyCommand(PostPurchasePolicyFields Fields, uint? ExpectedVersion) : ICommand<PostPurchasePolicyDto>;

/// <remarks>
/// A survey-send policy names a survey that exists and is not archived (a draft is taken: runs
/// skip its orders until it is active); the Surveys module answers through its Contracts. A
/// survey archived later makes runs skip and count the orders (<c>skipped.surveyUnavailable</c>).
/// </remarks>
public sealed class ReplacePostPurchasePolicyHandler(IApplicationDbContext db, IAutomatedSurveySends surveys, TimeProvider clock)
    : ICommandHandler<ReplacePostPurchasePolicyCommand, PostPurchasePolicyDto>
{
    public async ValueTask<PostPurchasePolicyDto> Handle(ReplacePostPurchasePolicyCommand command, CancellationToken cancellationToken)
    {
        if (command.Fields.Action == PostPurchaseAction.SurveySend && command.Fields.SurveyId is { } surveyId)
        {
            var status = await surveys.StatusOfAsync(surveyId, cancellationToken);
            if (status is null or "archived")
            {
                throw new ValidationException([new ValidationFailure("surveyId", status is null
                    ? $"There is no survey '{surveyId}'."
                    : $"Survey '{surveyId}' is archived and sends nothing any more: name an active (or draft) survey.")]);
            }
        }

        var policy = await ReminderPolicyLookup.FindAsync(db.ReminderPolicies, ReminderKind.PostPurchase, command.ExpectedVersion, cancellationToken);
        policy.Replace(command.Fields.ToSettings(), command.Fields.Enabled ?? false, clock.UtcNowMicroseconds());
        await ConditionalSave.SaveAsync(db, command.ExpectedVersion, cancellationToken);
        return PostPurchasePolicyDto.Of(policy);
    }
}
