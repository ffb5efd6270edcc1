using System.Text.Json.Nodes;
using CustomerRetention.Application.BuildingBlocks.Events;
using CustomerRetention.Domain.FollowUps;

namespace CustomerRetention.Application.FollowUps;

/// <summary>The event-log data of <c>reminder.policy-replaced</c>: which policy, and its new state as the API returns it.</summary>
internal sealed class ReminderPolicyEventData : IEventData<ReminderPolicyReplaced>
{
    public object DataOf(ReminderPolicyReplaced domainEvent)
    {
        ArgumentNullException.ThrowIfNull(domainEvent);
        var policy = domainEvent.Policy;
        var state = policy.Kind == ReminderKind.Birthday ? EventState.Of(BirthdayPolicyDto.Of(policy)) : EventState.Of(PostPurchasePolicyDto.Of(policy));
        return new ReplacedData(FollowUpNames.Of(policy.Kind), state);
    }

    private sealed record ReplacedData(string Policy, JsonObject State);
}
