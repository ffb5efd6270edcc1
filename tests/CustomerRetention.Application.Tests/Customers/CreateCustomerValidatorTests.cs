using CustomerRetention.Application.Customers.CreateCustomer;
using CustomerRetention.Application.Tests.Support;
using CustomerRetention.Domain.Customers;
using CustomerRetention.Domain.Lifecycle;

namespace CustomerRetention.Application.Tests.Customers;

public sealed class CreateCustomerValidatorTests
{
    private readonly CreateCustomerValidator _validator;

    public CreateCustomerValidatorTests()
    {
        ProductionValidatorOptions.EnsureConfigured();
        _validator = new CreateCustomerValidator(new FixedTimeProvider(CustomerFieldsExamples.Now));
    }

    private static CreateCustomerCommand Valid => new()
    {
        Type = CustomerType.Individual,
        Name = "Jane Doe",
        Email = "jane.doe@example.com",
        Address = new("Hauptstr. 1", null, "Berlin", null, "10115", "DE"),
        Tags = ["vip"],
        LifecycleStage = LifecycleStage.Retention,
        StageEnteredAt = CustomerFieldsExamples.Now.AddYears(-2),
    };

    [Fact]
    public void A_valid_command_passes()
    {
        var result = _validator.Validate(Valid);

        Assert.True(result.IsValid, string.Join("; ", result.Errors.Select(e => $"{e.PropertyName}: {e.ErrorMessage}")));
    }

    [Fact]
    public void Stage_and_stage_entered_at_are_optional()
    {
        Assert.True(_validator.Validate(Valid with { LifecycleStage = null, StageEnteredAt = null }).IsValid);
    }

    [Fact]
    public void Stage_entered_at_in_the_future_is_refused_at_stage_entered_at()
    {
        var result = _validator.Validate(Valid with { StageEnteredAt = CustomerFieldsExamples.Now.AddSeconds(1) });

        Assert.False(result.IsValid);
        Assert.All(result.Errors, e => Assert.Equal("stageEnteredAt", e.PropertyName));
    }

    [Fact]
    public void Stage_entered_at_now_is_accepted()
    {
        Assert.True(_validator.Validate(Valid with { StageEnteredAt = CustomerFieldsExamples.Now }).IsValid);
    }

    [Fact]
    public void Stage_entered_at_in_the_future_is_judged_in_UTC_whatever_the_offset()
    {
        var oneMinuteAheadWrittenInTokyoTime = CustomerFieldsExamples.Now.AddMinutes(1).ToOffset(TimeSpan.FromHours(9));
        var oneMinuteAgoWrittenInNewYorkTime = CustomerFieldsExamples.Now.AddMinutes(-1).ToOffset(TimeSpan.FromHours(-5));

        Assert.False(_validator.Validate(Valid with { StageEnteredAt = oneMinuteAheadWrittenInTokyoTime }).IsValid);
        Assert.True(_validator.Validate(Valid with { StageEnteredAt = oneMinuteAgoWrittenInNewYorkTime }).IsValid);
    }

    [Fact]
    public void A_stage_outside_the_enum_is_refused_at_lifecycle_stage()
    {
        var result = _validator.Validate(Valid with { LifecycleStage = (LifecycleStage)42 });

        Assert.False(result.IsValid);
        Assert.All(result.Errors, e => Assert.Equal("lifecycleStage", e.PropertyName));
    }

    [Fact]
    public void The_field_rules_apply_to_the_command()
    {
        var result = _validator.Validate(Valid with
        {
            Type = null,
            Name = new string('n', 201),
            Phone = "12345",
            Address = Valid.Address! with { Country = "XX" },
            Birthday = new DateOnly(1899, 1, 1),
            Tags = ["vip", "VIP"],
        });

        Assert.Equal(
            ["address.country", "birthday", "name", "phone", "tags", "type"],
            result.Errors.Select(e => e.PropertyName).Distinct().Order(StringComparer.Ordinal));
    }
}
