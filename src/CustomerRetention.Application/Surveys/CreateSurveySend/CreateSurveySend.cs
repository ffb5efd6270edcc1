using AutoMapper;
using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Json;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.Customers.Contracts;
using CustomerRetention.Domain.Surveys;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Surveys.CreateSurveySend;

/// <summary>What a send is about: an order, a case or an interaction.</summary>
public sealed record SurveyContextFields
{
    /// <summary>order, case or interaction. Required.</summary>
    public SurveyContextType? Type { get; init; }

    /// <summary>The id of that order, case or interaction. Required.</summary>
    public Guid? Id { get; init; }
}

/// <summary>The body of a send.</summary>
[ReadOnlyMember("id", ReadOnlyReasons.Id)]
[ReadOnlyMember("status", "'status' is read-only: a send is sent, or throttled when the customer was sent a survey within the survey's throttleDays.")]
[ReadOnlyMember("token", "'token' is read-only: the server makes it.")]
public sealed record SurveySendRequest
{
    /// <summary>The customer invited. Required.</summary>
    public Guid? CustomerId { get; init; }

    /// <summary>email, sms, web, phone, wechat, chat, visit, meeting, social or other. Required.</summary>
    public SurveyChannel? Channel { get; init; }

    /// <summary>What the survey is about (optional).</summary>
    public SurveyContextFields? Context { get; init; }
}

/// <summary>
/// Sends an active survey to a customer, serialized per customer by its row lock: when the
/// customer was sent any survey in the last <c>throttleDays</c> (a send whose sentAt is after
/// now − throttleDays; one exactly throttleDays ago no longer counts) the send is recorded
/// <c>throttled</c>, otherwise <c>sent</c> with a fresh token, returned here only.
/// </summary>
public sealed record CreateSurveySendCommand(Guid SurveyId, SurveySendRequest Request) : ICommand<SurveySendDto>;

public sealed class CreateSurveySendHandler(IApplicationDbContext db, IMapper mapper, TimeProvider clock) : ICommandHandler<CreateSurveySendCommand, SurveySendDto>
{
    public async ValueTask<SurveySendDto> Handle(CreateSurveySendCommand command, CancellationToken cancellationToken)
    {
        var request = command.Request;
        var customerId = request.CustomerId!.Value;
        var survey = await SurveyLookup.FindAsync(db.Surveys.AsNoTracking(), command.SurveyId, null, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.LockLiveAsync(customerId, cancellationToken);
        survey.EnsureActive();
        var now = clock.UtcNowMicroseconds();
        var since = now.AddDays(-survey.ThrottleDays);
        var delivered = new[] { SurveySendStatus.Sent, SurveySendStatus.Responded, SurveySendStatus.Expired };
        var recent = survey.ThrottleDays == 0
            ? null
            : await db.SurveySends.AsNoTracking()
                .Where(s => s.CustomerId == customerId && delivered.Contains(s.Status) && s.SentAt > since)
                .OrderByDescending(s => s.SentAt).ThenByDescending(s => s.Id)
                .Select(s => (Guid?)s.Id)
                .FirstOrDefaultAsync(cancellationToken);
        var (type, id) = (request.Context?.Type, request.Context?.Id);
        string? token = null;
        SurveySend send;
        if (recent is { } throttledBy)
        {
            send = SurveySend.Throttled(survey, customerId, request.Channel!.Value, type, id, throttledBy, now);
        }
        else
        {
            token = SurveyTokens.New();
            send = SurveySend.Sent(survey, customerId, request.Channel!.Value, type, id, SurveyTokens.Hash(token), now);
        }

        db.SurveySends.Add(send);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return mapper.Map<SurveySendDto>(send) with { Token = token };
    }
}
