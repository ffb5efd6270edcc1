using CustomerRetention.Application.BuildingBlocks.Behaviors;
using FluentValidation;
using Mediator;

namespace CustomerRetention.Application.Tests.BuildingBlocks;

public sealed class ValidationBehaviorTests
{
    public sealed record RenameCommand(string Name, int Priority) : ICommand<string>;

    private int _nextCalls;

    private ValueTask<string> Next(RenameCommand message, CancellationToken cancellationToken)
    {
        _nextCalls++;
        return ValueTask.FromResult($"handled {message.Name}");
    }

    private static InlineValidator<RenameCommand> NameRequired()
    {
        var validator = new InlineValidator<RenameCommand>();
        validator.RuleFor(x => x.Name).NotEmpty().WithMessage("first validator: name is required");
        return validator;
    }

    private static InlineValidator<RenameCommand> PriorityPositive()
    {
        var validator = new InlineValidator<RenameCommand>();
        validator.RuleFor(x => x.Priority).GreaterThan(0).WithMessage("second validator: priority must be positive");
        return validator;
    }

    [Fact]
    public async Task Failures_of_all_validators_are_thrown_together_and_the_handler_is_not_called()
    {
        var behavior = new ValidationBehavior<RenameCommand, string>([NameRequired(), PriorityPositive()]);

        var exception = await Assert.ThrowsAsync<ValidationException>(
            async () => await behavior.Handle(new RenameCommand("", 0), Next, CancellationToken.None));

        Assert.Equal(
            ["first validator: name is required", "second validator: priority must be positive"],
            exception.Errors.Select(e => e.ErrorMessage).Order(StringComparer.Ordinal));
        Assert.Equal(0, _nextCalls);
    }

    [Fact]
    public async Task One_failing_validator_among_passing_ones_stops_the_handler()
    {
        var behavior = new ValidationBehavior<RenameCommand, string>([NameRequired(), PriorityPositive()]);

        var exception = await Assert.ThrowsAsync<ValidationException>(
            async () => await behavior.Handle(new RenameCommand("ok", 0), Next, CancellationToken.None));

        Assert.Equal(["second validator: priority must be positive"], exception.Errors.Select(e => e.ErrorMessage));
        Assert.Equal(0, _nextCalls);
    }

    [Fact]
    public async Task With_passing_validators_the_handler_is_called_once_and_its_result_returned()
    {
        var behavior = new ValidationBehavior<RenameCommand, string>([NameRequired(), PriorityPositive()]);

        var result = await behavior.Handle(new RenameCommand("Acme", 1), Next, CancellationToken.None);

        Assert.Equal("handled Acme", result);
        Assert.Equal(1, _nextCalls);
    }

    [Fact]
    public async Task Without_validators_the_handler_is_called_once()
    {
        var behavior = new ValidationBehavior<RenameCommand, string>([]);

        var result = await behavior.Handle(new RenameCommand("", 0), Next, CancellationToken.None);

        Assert.Equal("handled ", result);
        Assert.Equal(1, _nextCalls);
    }
}
