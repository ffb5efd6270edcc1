using CustomerRetention.Infrastructure.Persistence;

namespace CustomerRetention.Api.Tests.BuildingBlocks;

/// <summary>One warning when an outage begins, one line when it ends — and a command already under way when it began does not end it.</summary>
public sealed class DatabaseAvailabilityTests
{
    private sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Only_the_first_refused_request_of_an_outage_is_to_be_logged()
    {
        var availability = new DatabaseAvailability(new Clock(T0));
        Assert.True(availability.ReportUnavailable());
        Assert.False(availability.ReportUnavailable());
        Assert.False(availability.ReportUnavailable());
    }

    [Fact]
    public void Without_an_outage_a_completed_command_reports_nothing() =>
        Assert.Null(new DatabaseAvailability(new Clock(T0)).ReportAvailable(T0));

    [Fact]
    public void A_command_started_before_the_last_refusal_does_not_end_the_outage()
    {
        var clock = new Clock(T0);
        var availability = new DatabaseAvailability(clock);
        availability.ReportUnavailable();
        clock.Now = T0.AddSeconds(2);
        availability.ReportUnavailable();

        Assert.Null(availability.ReportAvailable(T0.AddSeconds(1)));
        Assert.Null(availability.ReportAvailable(T0.AddSeconds(2)));
        Assert.False(availability.ReportUnavailable(), "the outage must still be the same one");
    }

    [Fact]
    public void A_command_started_after_the_last_refusal_ends_it_once_with_the_count()
    {
        var clock = new Clock(T0);
        var availability = new DatabaseAvailability(clock);
        availability.ReportUnavailable();
        availability.ReportUnavailable();
        clock.Now = T0.AddSeconds(1);
        availability.ReportUnavailable();

        var ended = availability.ReportAvailable(T0.AddSeconds(1).AddTicks(1));
        Assert.NotNull(ended);
        Assert.Equal(3, ended.Value.Refused);
        Assert.Null(availability.ReportAvailable(T0.AddSeconds(5)));
        Assert.True(availability.ReportUnavailable(), "a new outage is logged again");
    }
}
