using System.Text.Json.Nodes;
using AutoMapper;
using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.BuildingBlocks.Json;
using FluentValidation;
using Mediator;

namespace CustomerRetention.Application.Surveys.UpdateSurvey;

/// <summary>Merge-patch (RFC 7396) of a survey; a status change follows draft → active → archived.</summary>
public sealed record UpdateSurveyCommand(Guid Id, JsonObject Patch, uint? ExpectedVersion) : ICommand<SurveyDto>;

public sealed class UpdateSurveyHandler(IApplicationDbContext db, IMapper mapper, TimeProvider clock, IValidator<SurveyFields> validator)
    : ICommandHandler<UpdateSurveyCommand, SurveyDto>
{
    public async ValueTask<SurveyDto> Handle(UpdateSurveyCommand command, CancellationToken cancellationToken)
    {
        var survey = await SurveyLookup.FindAsync(db.Surveys, command.Id, command.ExpectedVersion, cancellationToken);
        var fields = JsonMergePatch.ApplyTo(SurveyFields.From(survey.ToDetails()), command.Patch);
        var validation = await validator.ValidateAsync(fields, cancellationToken);
        if (!validation.IsValid)
        {
            throw new ValidationException(validation.Errors);
        }

        survey.Update(fields.ToDetails(), clock.UtcNowMicroseconds());
        await ConditionalSave.SaveAsync(db, command.ExpectedVersion, cancellationToken);
        return mapper.Map<SurveyDto>(survey);
    }
}
