using AutoMapper;
using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Events;
using CustomerRetention.Application.BuildingBlocks.Exceptions;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.BuildingBlocks.Json;
using CustomerRetention.Application.Customers.Contracts;
using CustomerRetention.Domain.Surveys;
using FluentValidation;
using FluentValidation.Results;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Surveys.RecordSurveyResponse;

/// <summary>The body of an agent's response: exactly one of <see cref="SurveyId"/> and <see cref="SendId"/>.</summary>
[ReadOnlyMember("id", ReadOnlyReasons.Id)]
[ReadOnlyMember("customerId", ReadOnlyReasons.CustomerId)]
[ReadOnlyMember("snapshot", "'snapshot' is read-only: the server takes it at response time.")]
public sealed record SurveyResponseRequest
{
    /// <summary>The survey answered (a response without a send). Exactly one of surveyId and sendId.</summary>
    public Guid? SurveyId { get; init; }

    /// <summary>The send answered (it becomes responded). Exactly one of surveyId and sendId.</summary>
    public Guid? SendId { get; init; }

    /// <summary>0–10 for an NPS survey, 1–5 for a CSAT survey. Required.</summary>
    public int? Score { get; init; }

    /// <summary>At most 2000 characters.</summary>
    public string? Comment { get; init; }

    /// <summary>How the answer came (default: the send's channel, else other).</summary>
    public SurveyChannel? Channel { get; init; }

    /// <summary>When the customer answered (RFC 3339, not in the future; default now).</summary>
    public DateTimeOffset? RespondedAt { get; init; }
}

/// <summary>An agent records a customer's answer to an active survey (optionally to one of its sends).</summary>
public sealed record RecordSurveyResponseCommand(Guid CustomerId, SurveyResponseRequest Request) : ICommand<SurveyResponseDto>;

public sealed class RecordSurveyResponseHandler(IApplicationDbContext db, IMapper mapper, TimeProvider clock, ICurrentActor actor)
    : ICommandHandler<RecordSurveyResponseCommand, SurveyResponseDto>
{
    public async ValueTask<SurveyResponseDto> Handle(RecordSurveyResponseCommand command, CancellationToken cancellationToken)
    {
        var request = command.Request;
        var now = clock.UtcNowMicroseconds();
        if (request.RespondedAt > now)
        {
            throw new ValidationException([new ValidationFailure("respondedAt", "Must not be in the future.")]);
        }

        await db.EnsureLiveAsync(command.CustomerId, cancellationToken);
        var send = request.SendId is { } sendId
            ? await db.SurveySends.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sendId && s.CustomerId == command.CustomerId, cancellationToken)
                ?? throw new NotFoundException("Survey send", sendId)
            : null;
        var survey = await SurveyLookup.FindAsync(db.Surveys.AsNoTracking(), send?.SurveyId ?? request.SurveyId!.Value, null, cancellationToken);
        var answer = new SurveyAnswer(
            request.Score!.Value,
            string.IsNullOrWhiteSpace(request.Comment) ? null : request.Comment,
            request.Channel ?? send?.Channel ?? SurveyChannel.Other,
            request.RespondedAt?.ToMicroseconds() ?? now);
        var response = await SurveyResponseWriter.RecordAsync(db, survey, send?.Id, command.CustomerId, answer, SurveyResponseSource.Agent, actor.Name, now, cancellationToken);
        return mapper.Map<SurveyResponseDto>(response);
    }
}
