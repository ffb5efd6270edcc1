using CustomerRetention.Domain.Segmentation;

namespace CustomerRetention.Domain.Tests.Rfm;

public sealed class RfmScoringTests
{
    /// <summary>SPEC §7's grid as printed there (rows R = 5..1, columns F = 1..5), with its kebab-case keys.</summary>
    private static readonly string[][] SpecGrid =
    [
        ["new-customers", "potential-loyalists", "potential-loyalists", "champions", "champions"],
        ["promising", "potential-loyalists", "potential-loyalists", "loyal-customers", "loyal-customers"],
        ["about-to-sleep", "about-to-sleep", "need-attention", "loyal-customers", "loyal-customers"],
        ["hibernating", "hibernating", "at-risk", "at-risk", "cant-lose-them"],
        ["lost", "lost", "at-risk", "at-risk", "cant-lose-them"],
    ];

    private static List<SegmentCell> DefaultMap() => RfmScoring.DefaultSegmentMap.ToList();

    private static void AssertNear(double expected, double actual) => Assert.Equal(expected, actual, 1e-12);

    [Fact]
    public void Percentiles_interpolate_linearly_at_position_p_times_n_minus_1_of_the_sorted_values()
    {
        double[] values = [10, 20, 40, 80];

        // positions 0.6, 1.2, 1.8, 2.4
        AssertNear(16, RfmScoring.Percentile(values, 0.2));
        AssertNear(24, RfmScoring.Percentile(values, 0.4));
        AssertNear(36, RfmScoring.Percentile(values, 0.6));
        AssertNear(56, RfmScoring.Percentile(values, 0.8));
        AssertNear(10, RfmScoring.Percentile(values, 0));
        AssertNear(80, RfmScoring.Percentile(values, 1));
    }

    [Fact]
    public void Percentiles_of_five_values_fall_between_neighbours_and_on_a_value_when_the_position_is_whole()
    {
        double[] values = [1, 2, 3, 4, 5];
        AssertNear(1.8, RfmScoring.Percentile(values, 0.2));
        AssertNear(2.6, RfmScoring.Percentile(values, 0.4));
        AssertNear(3.4, RfmScoring.Percentile(values, 0.6));
        AssertNear(4.2, RfmScoring.Percentile(values, 0.8));

        // Six values: positions 1, 2, 3, 4 are whole.
        var six = RfmScoring.QuantileBreakpoints([13, 1, 8, 2, 5, 3]);
        AssertNear(2, six[0]);
        AssertNear(3, six[1]);
        AssertNear(5, six[2]);
        AssertNear(8, six[3]);
    }

    [Fact]
    public void Quantile_breakpoints_sort_the_values_first_and_a_single_value_is_every_breakpoint()
    {
        var breakpoints = RfmScoring.QuantileBreakpoints([400, 1, 90, 5, 200, 30, 5]);
        // sorted 1, 5, 5, 30, 90, 200, 400; positions 1.2, 2.4, 3.6, 4.8
        AssertNear(5, breakpoints[0]);
        AssertNear(15, breakpoints[1]);
        AssertNear(66, breakpoints[2]);
        AssertNear(178, breakpoints[3]);

        Assert.Equal([49.75, 49.75, 49.75, 49.75], RfmScoring.QuantileBreakpoints([49.75]));
        Assert.Equal([1.0, 1.0, 1.0, 1.0], RfmScoring.QuantileBreakpoints([1, 1, 1, 1, 1, 1]));
    }

    [Fact]
    public void The_percentile_of_no_values_is_refused()
    {
        Assert.Throws<ArgumentException>(() => RfmScoring.Percentile([], 0.5));
    }

    [Theory]
    [InlineData(0, 5)]
    [InlineData(2, 5)]
    [InlineData(2.0001, 4)]
    [InlineData(5, 4)]
    [InlineData(6, 2)]
    [InlineData(9, 2)]
    [InlineData(10, 1)]
    [InlineData(1000, 1)]
    public void R_is_5_minus_the_breakpoints_strictly_below_the_recency(double recency, int expected)
    {
        Assert.Equal(expected, RfmScoring.RecencyScore(recency, [2, 5, 5, 9]));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(1.5, 5)]
    [InlineData(2, 5)]
    public void F_and_m_are_1_plus_the_breakpoints_strictly_below_so_ties_at_every_breakpoint_stay_at_1(double value, int expected)
    {
        Assert.Equal(expected, RfmScoring.ValueScore(value, [1, 1, 1, 1]));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(20, 1)]
    [InlineData(20.01, 2)]
    [InlineData(50, 2)]
    [InlineData(100.5, 3)]
    [InlineData(100.51, 4)]
    [InlineData(500, 4)]
    [InlineData(500.01, 5)]
    public void F_and_m_count_only_breakpoints_strictly_below_the_value(double value, int expected)
    {
        Assert.Equal(expected, RfmScoring.ValueScore(value, [20, 50, 100.5, 500]));
    }

    [Fact]
    public void Equal_values_always_get_equal_scores_and_every_score_is_1_to_5()
    {
        var random = new Random(7);
        var values = Enumerable.Range(0, 200).Select(_ => (double)random.Next(0, 12)).ToList();
        var breakpoints = RfmScoring.QuantileBreakpoints(values);
        foreach (var group in values.GroupBy(v => v))
        {
            Assert.Single(group.Select(v => RfmScoring.ValueScore(v, breakpoints)).Distinct());
            Assert.Single(group.Select(v => RfmScoring.RecencyScore(v, breakpoints)).Distinct());
        }

        Assert.All(values, v => Assert.InRange(RfmScoring.ValueScore(v, breakpoints), 1, 5));
        Assert.All(values, v => Assert.InRange(RfmScoring.RecencyScore(v, breakpoints), 1, 5));
    }

    [Fact]
    public void The_default_segment_map_is_the_grid_of_the_spec()
    {
        var expected = Enumerable.Range(0, 5)
            .SelectMany(row => Enumerable.Range(0, 5).Select(column => new SegmentCell(5 - row, column + 1, SpecGrid[row][column])));

        Assert.Equal(expected.OrderBy(c => c.R).ThenBy(c => c.F), RfmScoring.DefaultSegmentMap.OrderBy(c => c.R).ThenBy(c => c.F));
        Assert.Equal(11, RfmScoring.DefaultSegmentMap.Select(c => c.Segment).Distinct().Count());
        Assert.Null(RfmScoring.ValidateMap(RfmScoring.DefaultSegmentMap));
    }

    [Fact]
    public void A_map_needs_exactly_25_cells()
    {
        Assert.NotNull(RfmScoring.ValidateMap(null));
        Assert.NotNull(RfmScoring.ValidateMap([]));
        Assert.NotNull(RfmScoring.ValidateMap(DefaultMap().Skip(1).ToList()));
        Assert.NotNull(RfmScoring.ValidateMap([.. DefaultMap(), new SegmentCell(1, 1, "lost")]));
    }

    [Theory]
    [InlineData(6, 1)]
    [InlineData(0, 1)]
    [InlineData(1, 6)]
    [InlineData(1, 0)]
    [InlineData(-1, 3)]
    public void A_map_with_r_or_f_outside_1_to_5_is_refused(int r, int f)
    {
        var map = DefaultMap();
        map[0] = new SegmentCell(r, f, "champions");

        Assert.NotNull(RfmScoring.ValidateMap(map));
    }

    [Fact]
    public void A_map_with_a_cell_twice_is_refused_even_with_25_cells()
    {
        var map = DefaultMap();
        map[24] = map[0];

        Assert.NotNull(RfmScoring.ValidateMap(map));
    }

    [Theory]
    [InlineData("Champions")]
    [InlineData("cant lose")]
    [InlineData("Can't Lose Them")]
    [InlineData("cant_lose")]
    [InlineData("")]
    public void A_map_with_a_key_that_is_not_kebab_case_is_refused(string key)
    {
        var map = DefaultMap();
        map[7] = map[7] with { Segment = key };

        Assert.NotNull(RfmScoring.ValidateMap(map));
    }

    [Fact]
    public void A_map_with_custom_kebab_case_keys_is_valid()
    {
        Assert.Null(RfmScoring.ValidateMap(DefaultMap().Select(c => c with { Segment = $"r{c.R}-f{c.F}" }).ToList()));
        Assert.Null(RfmScoring.ValidateMap(DefaultMap().Select(c => c with { Segment = "everyone" }).Reverse().ToList()));
    }

    [Theory]
    [InlineData("champions")]
    [InlineData("cant-lose-them")]
    [InlineData("r5-f1")]
    [InlineData("tier-2")]
    [InlineData("a")]
    [InlineData("9")]
    public void Kebab_case_keys_are_segment_keys(string key)
    {
        Assert.True(RfmScoring.IsSegmentKey(key));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Champions")]
    [InlineData("cant lose")]
    [InlineData("cant--lose")]
    [InlineData("-lost")]
    [InlineData("lost-")]
    [InlineData("cant_lose")]
    [InlineData("can't-lose")]
    [InlineData("ünique")]
    public void Other_strings_are_not_segment_keys(string? key)
    {
        Assert.False(RfmScoring.IsSegmentKey(key));
    }

    [Fact]
    public void A_segment_key_has_at_most_50_characters()
    {
        Assert.True(RfmScoring.IsSegmentKey(new string('a', 50)));
        Assert.False(RfmScoring.IsSegmentKey(new string('a', 51)));
    }

    [Theory]
    [InlineData(new double[] { 1, 2, 3, 4 }, true)]
    [InlineData(new double[] { -10, 0, 0.5, 1e9 }, true)]
    [InlineData(new double[] { 1, 1, 2, 3 }, false)]
    [InlineData(new double[] { 4, 3, 2, 1 }, false)]
    [InlineData(new double[] { 1, 3, 2, 4 }, false)]
    [InlineData(new double[] { 1, 2, 3 }, false)]
    [InlineData(new double[] { 1, 2, 3, 4, 5 }, false)]
    [InlineData(new double[] { }, false)]
    [InlineData(new double[] { 1, 2, 3, double.PositiveInfinity }, false)]
    [InlineData(new double[] { double.NaN, 2, 3, 4 }, false)]
    public void Breakpoints_are_four_finite_strictly_ascending_numbers(double[] breakpoints, bool expected)
    {
        Assert.Equal(expected, RfmScoring.AreAscending(breakpoints));
    }

    [Fact]
    public void No_breakpoints_are_not_ascending()
    {
        Assert.False(RfmScoring.AreAscending(null));
    }
}
