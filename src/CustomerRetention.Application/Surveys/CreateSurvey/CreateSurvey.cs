using AutoMapper;
using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Domain.Surveys;
using Mediator;

namespace CustomerRetention.Application.Surveys.CreateSurvey;

/// <summary>Create a survey (a draft unless <c>status</c> says otherwise).</summary>
public sealed record CreateSurveyCommand(SurveyFields Fields) : ICommand<SurveyDto>;

public sealed class CreateSurveyHandler(IApplicationDbContext db, IMapper mapper, TimeProvider clock) : ICommandHandler<CreateSurveyCommand, SurveyDto>
{
    public async ValueTask<SurveyDto> Handle(CreateSurveyCommand command, CancellationToken cancellationToken)
    {
        var survey = Survey.Create(command.Fields.ToDetails(), clock.UtcNowMicroseconds());
        db.Surveys.Add(survey);
        await db.SaveChangesAsync(cancellationToken);
        return mapper.Map<SurveyDto>(survey);
    }
}
