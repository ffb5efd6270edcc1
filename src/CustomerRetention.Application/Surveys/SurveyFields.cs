using CustomerRetention.Application.BuildingBlocks.Json;
using CustomerRetention.Domain.Surveys;
using FluentValidation;

namespace CustomerRetention.Application.Surveys;

/// <summary>The client-settable fields of a survey: the body of a create and the document a merge-patch updates.</summary>
[ReadOnlyMember("id", ReadOnlyReasons.Id)]
[ReadOnlyMember("version", "'version' is read-only: it goes up with every change.")]
[ReadOnlyMember("createdAt", ReadOnlyReasons.CreatedAt)]
[ReadOnlyMember("updatedAt", ReadOnlyReasons.UpdatedAt)]
public sealed record SurveyFields
{
    /// <summary>nps (scored 0–10) or csat (scored 1–5). Required; fixed once the survey left draft.</summary>
    public SurveyType? Type { get; init; }

    /// <summary>1–200 characters. Required.</summary>
    public string? Name { get; init; }

    /// <summary>What the customer is asked, 1–1000 characters. Required.</summary>
    public string? Question { get; init; }

    /// <summary>draft (default), active or archived; it moves draft → active → archived only (draft → archived too).</summary>
    public SurveyStatus? Status { get; init; }

    /// <summary>A send to a customer who was sent any survey in the last this many days is throttled; 0–3650, default 30.</summary>
    public int? ThrottleDays { get; init; }

    /// <summary>A send's token expires this many days after it was sent; 1–365, default 14.</summary>
    public int? ExpiresAfterDays { get; init; }

    public SurveyDetails ToDetails() => new(
        Type!.Value,
        Name!.Trim(),
        Question!.Trim(),
        Status ?? SurveyStatus.Draft,
        ThrottleDays ?? SurveyLimits.DefaultThrottleDays,
        ExpiresAfterDays ?? SurveyLimits.DefaultExpiresAfterDays);

    public static SurveyFields From(SurveyDetails details)
    {
        ArgumentNullException.ThrowIfNull(details);
        return new SurveyFields
        {
            Type = details.Type,
            Name = details.Name,
            Question = details.Question,
            Status = details.Status,
            ThrottleDays = details.ThrottleDays,
            ExpiresAfterDays = details.ExpiresAfterDays,
        };
    }
}

/// <summary>The rules of SPEC §9.4 (the OpenAPI document reads its bounds from here).</summary>
public sealed class SurveyFieldsValidator : AbstractValidator<SurveyFields>
{
    public SurveyFieldsValidator()
    {
        RuleFor(x => x.Type).NotNull().IsInEnum();
        RuleFor(x => x.Name).NotEmpty().MaximumLength(SurveyLimits.NameMaxLength)
            .Must(s => s is null || s.Trim().Length > 0).WithMessage("'name' must not be blank.");
        RuleFor(x => x.Question).NotEmpty().MaximumLength(SurveyLimits.QuestionMaxLength)
            .Must(s => s is null || s.Trim().Length > 0).WithMessage("'question' must not be blank.");
        RuleFor(x => x.Status).IsInEnum();
        RuleFor(x => x.ThrottleDays).InclusiveBetween(0, SurveyLimits.MaxThrottleDays);
        RuleFor(x => x.ExpiresAfterDays).InclusiveBetween(1, SurveyLimits.MaxExpiresAfterDays);
    }
}
