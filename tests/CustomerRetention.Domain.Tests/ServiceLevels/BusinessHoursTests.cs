using CustomerRetention.Domain.BuildingBlocks;
using CustomerRetention.Domain.ServiceLevels;

namespace CustomerRetention.Domain.Tests.ServiceLevels;

/// <summary>
/// Business-time arithmetic against instants computed by hand (the reasoning is beside each
/// expected value). Dates used: 2025-01-06 is a Monday; Berlin springs forward on Sunday
/// 2025-03-30 (02:00 CET → 03:00 CEST, at 01:00Z) and falls back on Sunday 2025-10-26 (03:00 CEST
/// → 02:00 CET, at 01:00Z); New York springs forward on Sunday 2025-03-09 (at 07:00Z) and falls
/// back on Sunday 2025-11-02 (at 06:00Z).
/// </summary>
public sealed class BusinessHoursTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private static DateTimeOffset At(string utc) => DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture);

    private static WeeklyInterval On(DayOfWeek day, int startHour, int startMinute, int endHour, int endMinute) =>
        new(day, (startHour * 60) + startMinute, (endHour * 60) + endMinute);

    private static BusinessHours Weekdays(TimeZoneInfo zone, params Holiday[] holidays) => new(
        zone,
        [.. new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }.Select(d => On(d, 9, 0, 17, 0))],
        holidays);

    private static BusinessHours SundayOnly(TimeZoneInfo zone, int startHour, int startMinute, int endHour, int endMinute) =>
        new(zone, [On(DayOfWeek.Sunday, startHour, startMinute, endHour, endMinute)], []);

    [Fact]
    public void Minutes_inside_one_interval_add_up_on_the_clock()
    {
        // Monday 10:00 + 60 business minutes = Monday 11:00 (UTC calendar).
        Assert.Equal(At("2025-01-06T11:00:00Z"), Weekdays(TimeZoneInfo.Utc).Due(At("2025-01-06T10:00:00Z"), 60, HoursMode.Business));
    }

    [Fact]
    public void A_target_ending_exactly_at_closing_is_due_at_closing_and_one_minute_more_is_the_next_opening_plus_one()
    {
        var hours = Weekdays(TimeZoneInfo.Utc);

        // 10:00 → 17:00 is 420 minutes: due at the closing time itself.
        Assert.Equal(At("2025-01-06T17:00:00Z"), hours.Due(At("2025-01-06T10:00:00Z"), 420, HoursMode.Business));

        // 421: the last minute is the first of Tuesday, 09:00–09:01.
        Assert.Equal(At("2025-01-07T09:01:00Z"), hours.Due(At("2025-01-06T10:00:00Z"), 421, HoursMode.Business));
    }

    [Fact]
    public void Friday_after_closing_counts_from_monday_opening()
    {
        var hours = Weekdays(TimeZoneInfo.Utc);

        // Friday 2025-01-10 18:00, closed until Monday 2025-01-13 09:00; + 30 = 09:30.
        Assert.Equal(At("2025-01-13T09:30:00Z"), hours.Due(At("2025-01-10T18:00:00Z"), 30, HoursMode.Business));

        // Friday 16:30 + 60: 30 minutes on Friday (to 17:00), 30 on Monday (09:00–09:30).
        Assert.Equal(At("2025-01-13T09:30:00Z"), hours.Due(At("2025-01-10T16:30:00Z"), 60, HoursMode.Business));

        // Exactly at closing (17:00) + 1: nothing left on Friday.
        Assert.Equal(At("2025-01-13T09:01:00Z"), hours.Due(At("2025-01-10T17:00:00Z"), 1, HoursMode.Business));
    }

    [Fact]
    public void A_start_before_opening_counts_from_the_opening_and_zero_minutes_is_the_start_itself()
    {
        var hours = Weekdays(TimeZoneInfo.Utc);

        // Monday 07:00 + 1: the first business minute is 09:00–09:01.
        Assert.Equal(At("2025-01-06T09:01:00Z"), hours.Due(At("2025-01-06T07:00:00Z"), 1, HoursMode.Business));

        // 0 minutes on a Saturday: the start, not the next opening.
        Assert.Equal(At("2025-01-11T12:00:00Z"), hours.Due(At("2025-01-11T12:00:00Z"), 0, HoursMode.Business));
    }

    [Fact]
    public void A_lunch_break_is_not_counted()
    {
        var weekdays = new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday };
        var hours = new BusinessHours(TimeZoneInfo.Utc, [.. weekdays.SelectMany(d => new[] { On(d, 9, 0, 12, 0), On(d, 13, 0, 17, 0) })], []);

        // 11:30 + 60: 30 minutes to 12:00, the break, 30 minutes from 13:00 → 13:30.
        Assert.Equal(At("2025-01-06T13:30:00Z"), hours.Due(At("2025-01-06T11:30:00Z"), 60, HoursMode.Business));

        // 11:00 → 14:00: 11–12 and 13–14, 120 minutes.
        Assert.Equal(TimeSpan.FromMinutes(120), hours.Elapsed(At("2025-01-06T11:00:00Z"), At("2025-01-06T14:00:00Z"), HoursMode.Business));

        // A start inside the break counts from 13:00.
        Assert.Equal(At("2025-01-06T13:10:00Z"), hours.Due(At("2025-01-06T12:15:00Z"), 10, HoursMode.Business));
        Assert.False(hours.IsOpenAt(At("2025-01-06T12:15:00Z")));
        Assert.True(hours.IsOpenAt(At("2025-01-06T13:00:00Z")));
        Assert.False(hours.IsOpenAt(At("2025-01-06T17:00:00Z")));
    }

    [Fact]
    public void Holidays_are_skipped_in_the_calendars_zone()
    {
        // Berlin, Monday–Friday 09:00–17:00 local; 25 and 26 December 2025 (Thursday, Friday) closed.
        var hours = Weekdays(Berlin, new Holiday(new DateOnly(2025, 12, 25), "Christmas Day"), new Holiday(new DateOnly(2025, 12, 26), "Boxing Day"));

        // Wednesday 24 December 16:00 CET (15:00Z) + 120: 60 minutes to 17:00, then Thursday and
        // Friday are holidays, the weekend is closed, Monday 29 December 09:00 CET + 60 = 10:00 CET = 09:00Z.
        Assert.Equal(At("2025-12-29T09:00:00Z"), hours.Due(At("2025-12-24T15:00:00Z"), 120, HoursMode.Business));

        // From Wednesday 17:00 CET to Monday 09:00 CET nothing counts.
        Assert.Equal(TimeSpan.Zero, hours.Elapsed(At("2025-12-24T16:00:00Z"), At("2025-12-29T08:00:00Z"), HoursMode.Business));
    }

    [Fact]
    public void A_leap_day_holiday_is_skipped()
    {
        // 2028-02-29 is a Tuesday. Monday 2028-02-28 16:00 + 120: 60 on Monday, the holiday,
        // Wednesday 2028-03-01 09:00 + 60 = 10:00.
        var hours = Weekdays(TimeZoneInfo.Utc, new Holiday(new DateOnly(2028, 2, 29), "Leap day"));
        Assert.Equal(At("2028-03-01T10:00:00Z"), hours.Due(At("2028-02-28T16:00:00Z"), 120, HoursMode.Business));
    }

    [Fact]
    public void Spring_forward_makes_an_interval_across_the_gap_shorter()
    {
        // Sunday 01:00–04:00 Berlin on 2025-03-30: 01:00 CET = 00:00Z, the clock skips 02:00–03:00,
        // 04:00 CEST = 02:00Z, so the interval is 120 real (and business) minutes, not 180.
        var hours = SundayOnly(Berlin, 1, 0, 4, 0);
        Assert.Equal(TimeSpan.FromMinutes(120), hours.Elapsed(At("2025-03-29T00:00:00Z"), At("2025-03-31T00:00:00Z"), HoursMode.Business));
        Assert.Equal(At("2025-03-30T02:00:00Z"), hours.Due(At("2025-03-30T00:00:00Z"), 120, HoursMode.Business));

        // Minute 61 is the first after the gap: 01:00Z = 03:00 CEST, so 61 minutes end at 01:01Z.
        Assert.Equal(At("2025-03-30T01:01:00Z"), hours.Due(At("2025-03-30T00:00:00Z"), 61, HoursMode.Business));

        // 121 minutes do not fit: the next Sunday 01:00 CEST = Saturday 2025-04-05 23:00Z, + 1.
        Assert.Equal(At("2025-04-05T23:01:00Z"), hours.Due(At("2025-03-30T00:00:00Z"), 121, HoursMode.Business));
    }

    [Fact]
    public void An_interval_starting_inside_the_gap_counts_only_what_the_clock_shows()
    {
        // Sunday 02:30–03:30 Berlin on 2025-03-30: the clock never shows 02:30–03:00, it shows
        // 03:00–03:30 CEST = 01:00Z–01:30Z: 30 minutes.
        var hours = SundayOnly(Berlin, 2, 30, 3, 30);
        Assert.Equal(TimeSpan.FromMinutes(30), hours.Elapsed(At("2025-03-29T12:00:00Z"), At("2025-03-30T12:00:00Z"), HoursMode.Business));
        Assert.Equal(At("2025-03-30T01:10:00Z"), hours.Due(At("2025-03-29T12:00:00Z"), 10, HoursMode.Business));
    }

    [Fact]
    public void Fall_back_makes_an_interval_across_the_repeated_hour_longer()
    {
        // Sunday 01:00–04:00 Berlin on 2025-10-26: 01:00 CEST = 2025-10-25 23:00Z, 02:00–03:00 is
        // shown twice, 04:00 CET = 03:00Z: 240 real (and business) minutes.
        var hours = SundayOnly(Berlin, 1, 0, 4, 0);
        var opening = At("2025-10-25T23:00:00Z");
        Assert.Equal(TimeSpan.FromMinutes(240), hours.Elapsed(At("2025-10-25T12:00:00Z"), At("2025-10-26T12:00:00Z"), HoursMode.Business));
        Assert.Equal(At("2025-10-26T03:00:00Z"), hours.Due(opening, 240, HoursMode.Business));

        // 90 minutes: 02:30 CEST (first pass, 00:30Z); 150 minutes: 02:30 CET (second pass, 01:30Z).
        Assert.Equal(At("2025-10-26T00:30:00Z"), hours.Due(opening, 90, HoursMode.Business));
        Assert.Equal(At("2025-10-26T01:30:00Z"), hours.Due(opening, 150, HoursMode.Business));
        Assert.Equal(TimeSpan.FromHours(2), hours.LocalTime(At("2025-10-26T00:30:00Z")).Offset);
        Assert.Equal(TimeSpan.FromHours(1), hours.LocalTime(At("2025-10-26T01:30:00Z")).Offset);
    }

    [Fact]
    public void An_interval_inside_the_repeated_hour_counts_both_passes()
    {
        // Sunday 02:30–03:30 Berlin on 2025-10-26: the clock shows 02:30–03:00 CEST (00:30Z–01:00Z),
        // then 02:30–03:30 CET (01:30Z–02:30Z): 30 + 60 = 90 minutes.
        var hours = SundayOnly(Berlin, 2, 30, 3, 30);
        Assert.Equal(TimeSpan.FromMinutes(90), hours.Elapsed(At("2025-10-25T12:00:00Z"), At("2025-10-26T12:00:00Z"), HoursMode.Business));

        // Minute 31 is the first of the second pass: 01:30Z–01:31Z.
        Assert.Equal(At("2025-10-26T01:31:00Z"), hours.Due(At("2025-10-25T12:00:00Z"), 31, HoursMode.Business));
        Assert.False(hours.IsOpenAt(At("2025-10-26T01:15:00Z")));
    }

    [Fact]
    public void Calendar_mode_counts_real_time_so_the_wall_clock_due_time_moves_across_dst()
    {
        var hours = Weekdays(Berlin);

        // Saturday 2025-03-29 12:00 CET (11:00Z) + 24 real hours = 2025-03-30 11:00Z = 13:00 CEST.
        var spring = hours.Due(At("2025-03-29T11:00:00Z"), 1440, HoursMode.Calendar);
        Assert.Equal(At("2025-03-30T11:00:00Z"), spring);
        Assert.Equal(13, hours.LocalTime(spring).Hour);

        // Saturday 2025-10-25 12:00 CEST (10:00Z) + 24 real hours = 2025-10-26 10:00Z = 11:00 CET.
        var fall = hours.Due(At("2025-10-25T10:00:00Z"), 1440, HoursMode.Calendar);
        Assert.Equal(At("2025-10-26T10:00:00Z"), fall);
        Assert.Equal(11, hours.LocalTime(fall).Hour);

        // Calendar elapsed across the fall-back night: 22:00Z → 04:00Z is 6 real hours (the local clock moved 5).
        Assert.Equal(TimeSpan.FromHours(6), hours.Elapsed(At("2025-10-25T22:00:00Z"), At("2025-10-26T04:00:00Z"), HoursMode.Calendar));
    }

    [Fact]
    public void New_york_weekdays_follow_the_offset_change_over_the_weekend()
    {
        var hours = Weekdays(NewYork);

        // Friday 2025-03-07 16:00 EST (21:00Z) + 120: 60 on Friday; Monday 2025-03-10 opens 09:00 EDT
        // = 13:00Z (the clocks moved on Sunday), + 60 = 14:00Z.
        Assert.Equal(At("2025-03-10T14:00:00Z"), hours.Due(At("2025-03-07T21:00:00Z"), 120, HoursMode.Business));

        // Friday 2025-10-31 16:30 EDT (20:30Z) + 60: 30 on Friday; Monday 2025-11-03 09:00 EST = 14:00Z, + 30 = 14:30Z.
        Assert.Equal(At("2025-11-03T14:30:00Z"), hours.Due(At("2025-10-31T20:30:00Z"), 60, HoursMode.Business));
    }

    [Fact]
    public void A_whole_local_day_is_23_or_25_hours_on_a_dst_sunday_in_new_york()
    {
        var hours = SundayOnly(NewYork, 0, 0, 24, 0);

        // 2025-03-09 00:00 EST (05:00Z) to 2025-03-10 00:00 EDT (04:00Z): 23 hours.
        Assert.Equal(TimeSpan.FromHours(23), hours.Elapsed(At("2025-03-08T00:00:00Z"), At("2025-03-11T00:00:00Z"), HoursMode.Business));

        // 2025-11-02 00:00 EDT (04:00Z) to 2025-11-03 00:00 EST (05:00Z): 25 hours.
        Assert.Equal(TimeSpan.FromHours(25), hours.Elapsed(At("2025-11-01T00:00:00Z"), At("2025-11-04T00:00:00Z"), HoursMode.Business));
        Assert.Equal(At("2025-11-03T05:00:00Z"), hours.Due(At("2025-11-02T04:00:00Z"), 1500, HoursMode.Business));
    }

    [Fact]
    public void An_end_of_24_00_is_midnight_at_the_end_of_the_day()
    {
        var hours = new BusinessHours(TimeZoneInfo.Utc, [On(DayOfWeek.Saturday, 20, 0, 24, 0)], []);

        // Saturday 2025-01-11 23:00 + 60 = Sunday 00:00 exactly (the interval's end).
        Assert.Equal(At("2025-01-12T00:00:00Z"), hours.Due(At("2025-01-11T23:00:00Z"), 60, HoursMode.Business));

        // + 61: the next Saturday 20:00 + 1.
        Assert.Equal(At("2025-01-18T20:01:00Z"), hours.Due(At("2025-01-11T23:00:00Z"), 61, HoursMode.Business));
    }

    [Fact]
    public void A_pause_moves_the_due_time_by_the_business_minutes_paused()
    {
        var hours = Weekdays(TimeZoneInfo.Utc);

        // Paused Monday 16:00 → Tuesday 10:00: 60 minutes on Monday + 60 on Tuesday = 120.
        var pausedFrom = At("2025-01-06T16:00:00Z");
        var pausedTo = At("2025-01-07T10:00:00Z");
        Assert.Equal(TimeSpan.FromMinutes(120), hours.Elapsed(pausedFrom, pausedTo, HoursMode.Business));

        // Due Friday 16:00 + 120: 60 on Friday, 60 on Monday 2025-01-13 → 10:00.
        Assert.Equal(At("2025-01-13T10:00:00Z"), hours.ExtendByPause(At("2025-01-10T16:00:00Z"), pausedFrom, pausedTo, HoursMode.Business));

        // In calendar mode the pause is 18 real hours: Friday 16:00 + 18 h = Saturday 10:00.
        Assert.Equal(At("2025-01-11T10:00:00Z"), hours.ExtendByPause(At("2025-01-10T16:00:00Z"), pausedFrom, pausedTo, HoursMode.Calendar));
    }

    [Fact]
    public void Elapsed_is_zero_for_an_empty_or_reversed_span()
    {
        var hours = Weekdays(TimeZoneInfo.Utc);
        Assert.Equal(TimeSpan.Zero, hours.Elapsed(At("2025-01-06T10:00:00Z"), At("2025-01-06T10:00:00Z"), HoursMode.Business));
        Assert.Equal(TimeSpan.Zero, hours.Elapsed(At("2025-01-06T11:00:00Z"), At("2025-01-06T10:00:00Z"), HoursMode.Calendar));

        // Seconds count too: 10:00:30 → 10:01:00 is half a business minute.
        Assert.Equal(TimeSpan.FromSeconds(30), hours.Elapsed(At("2025-01-06T10:00:30Z"), At("2025-01-06T10:01:00Z"), HoursMode.Business));
    }

    [Fact]
    public void A_week_without_intervals_is_refused_in_business_mode_and_fine_in_calendar_mode()
    {
        var hours = new BusinessHours(TimeZoneInfo.Utc, [], []);
        var error = Assert.Throws<DomainValidationException>(() => hours.Due(At("2025-01-06T10:00:00Z"), 1, HoursMode.Business));
        Assert.Equal("mode", error.Member);
        Assert.Throws<DomainValidationException>(() => hours.Elapsed(At("2025-01-06T10:00:00Z"), At("2025-01-07T10:00:00Z"), HoursMode.Business));
        Assert.Equal(At("2025-01-06T10:05:00Z"), hours.Due(At("2025-01-06T10:00:00Z"), 5, HoursMode.Calendar));
    }

    [Fact]
    public void The_search_is_bounded_to_about_ten_years()
    {
        // One business minute a week: Monday 09:00–09:01 UTC.
        var hours = new BusinessHours(TimeZoneInfo.Utc, [On(DayOfWeek.Monday, 9, 0, 9, 1)], []);

        // Minute n ends on Monday 2025-01-06 + 7 (n − 1) days at 09:01. n = 500: + 3493 days =
        // 2025-01-06 + 9 years (3287 days, leap days 2028 and 2032) = 2034-01-06, + 206 days = 2034-07-31.
        Assert.Equal(At("2034-07-31T09:01:00Z"), hours.Due(At("2025-01-06T09:00:00Z"), 500, HoursMode.Business));

        // n = 600 would be 4193 days (11.5 years) away: a clear error on minutes, not a hang.
        var error = Assert.Throws<DomainValidationException>(() => hours.Due(At("2025-01-06T09:00:00Z"), 600, HoursMode.Business));
        Assert.Equal("minutes", error.Member);

        // A huge target on an ordinary calendar, and more than 3660 days of real minutes, are bounded the same way.
        var weekdays = Weekdays(TimeZoneInfo.Utc);
        Assert.Throws<DomainValidationException>(() => weekdays.Due(At("2025-01-06T09:00:00Z"), int.MaxValue / 2, HoursMode.Business));
        Assert.Throws<DomainValidationException>(() => weekdays.Due(At("2025-01-06T09:00:00Z"), 6_000_000, HoursMode.Calendar));
    }

    [Fact]
    public void Overlapping_or_reversed_intervals_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new BusinessHours(TimeZoneInfo.Utc, [On(DayOfWeek.Monday, 9, 0, 12, 0), On(DayOfWeek.Monday, 11, 0, 13, 0)], []));
        Assert.Throws<ArgumentException>(() => new BusinessHours(TimeZoneInfo.Utc, [On(DayOfWeek.Monday, 12, 0, 9, 0)], []));

        // Touching intervals are fine: 09–12 and 12–17 count as one 09–17 day.
        var touching = new BusinessHours(TimeZoneInfo.Utc, [On(DayOfWeek.Monday, 9, 0, 12, 0), On(DayOfWeek.Monday, 12, 0, 17, 0)], []);
        Assert.Equal(At("2025-01-06T13:00:00Z"), touching.Due(At("2025-01-06T11:00:00Z"), 120, HoursMode.Business));
    }
}
