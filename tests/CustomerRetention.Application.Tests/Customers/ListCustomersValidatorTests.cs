using CustomerRetention.Application.Customers.ListCustomers;
using CustomerRetention.Application.Tests.Support;

namespace CustomerRetention.Application.Tests.Customers;

/// <summary>The list parameters of API.md: <c>limit</c> 1–200, the six sorts, the seven stages of SPEC §3.</summary>
public sealed class ListCustomersValidatorTests
{
    private readonly ListCustomersValidator _validator;

    public ListCustomersValidatorTests()
    {
        // Rules take their property names from the global options when they are built.
        ProductionValidatorOptions.EnsureConfigured();
        _validator = new ListCustomersValidator();
    }

    private static ListCustomersQuery Query(int? limit = null, string? sort = null, string? stage = null, string? segment = null) =>
        new(null, stage, segment, null, null, null, sort, limit, null);

    private void AssertRefusedAt(ListCustomersQuery query, string path)
    {
        var result = _validator.Validate(query);
        Assert.False(result.IsValid, $"expected an error at '{path}'");
        Assert.All(result.Errors, e => Assert.Equal(path, e.PropertyName));
    }

    [Fact]
    public void A_query_without_parameters_is_valid()
    {
        Assert.True(_validator.Validate(Query()).IsValid);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(50)]
    [InlineData(200)]
    public void A_limit_from_1_to_200_is_accepted(int limit)
    {
        Assert.True(_validator.Validate(Query(limit: limit)).IsValid);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(201)]
    [InlineData(int.MaxValue)]
    public void A_limit_outside_1_to_200_is_refused_at_limit(int limit)
    {
        AssertRefusedAt(Query(limit: limit), "limit");
    }

    [Theory]
    [InlineData("-createdAt")]
    [InlineData("createdAt")]
    [InlineData("name")]
    [InlineData("-name")]
    [InlineData("updatedAt")]
    [InlineData("-updatedAt")]
    public void Every_documented_sort_is_accepted(string sort)
    {
        Assert.True(_validator.Validate(Query(sort: sort)).IsValid);
    }

    [Theory]
    [InlineData("popularity")]
    [InlineData("")]
    [InlineData("+name")]
    [InlineData("email")]
    [InlineData("createdAt,name")]
    public void An_unknown_sort_is_refused_at_sort(string sort)
    {
        AssertRefusedAt(Query(sort: sort), "sort");
    }

    [Theory]
    [InlineData("awareness")]
    [InlineData("interest")]
    [InlineData("decision")]
    [InlineData("retention")]
    [InlineData("expansion")]
    [InlineData("contraction")]
    [InlineData("churned")]
    public void Every_lifecycle_stage_is_accepted(string stage)
    {
        Assert.True(_validator.Validate(Query(stage: stage)).IsValid);
    }

    [Theory]
    [InlineData("lost")]
    [InlineData("prospect")]
    [InlineData("")]
    [InlineData("1")]
    public void An_unknown_stage_is_refused_at_stage(string stage)
    {
        AssertRefusedAt(Query(stage: stage), "stage");
    }
}
