using CustomerRetention.Application.BuildingBlocks.Exceptions;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.BuildingBlocks.Security;
using CustomerRetention.Domain.BuildingBlocks;
using FluentValidation;

namespace CustomerRetention.Application.BuildingBlocks.Batches;

/// <summary>
/// Runs a batch in one transaction with a savepoint per item: an item that breaks a rule is rolled
/// back to its savepoint and reported with the same messages a single request would get (paths
/// prefixed by its index), and the others go on. The request's idempotency key is marked before the
/// first item, outside every savepoint, so it commits with the batch (ADR 20), and the events of the
/// kept items are appended once, at the commit (ADR 24). Anything that is not the item's fault (the
/// database going away) ends the whole batch, which then commits nothing.
/// </summary>
public static class BatchRunner
{
    /// <summary>The code of an item refused by the field rules (a single request's 400).</summary>
    public const string ValidationFailed = "validation-failed";

    /// <summary>The code of an item naming something that does not exist (a single request's 404).</summary>
    public const string NotFound = "not-found";

    public static async Task<BatchResult> RunAsync<TItem>(
        IApplicationDbContext db,
        IReadOnlyList<BatchEntry<TItem>> entries,
        Func<BatchEntry<TItem>, CancellationToken, Task<BatchItemResult>> apply,
        CancellationToken cancellationToken)
        where TItem : class
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(apply);
        var results = new List<BatchItemResult>(entries.Count);
        await using var batch = await db.BeginBatchAsync(cancellationToken);
        foreach (var entry in entries)
        {
            if (entry.Rejected is { } rejected)
            {
                results.Add(BatchItemResult.Failed(entry.Index, null, ValidationFailed, rejected));
                continue;
            }

            await batch.BeginItemAsync(cancellationToken);
            BatchItemResult? failure = null;
            try
            {
                results.Add(await apply(entry, cancellationToken));
                await batch.EndItemAsync(cancellationToken);
            }
            catch (Exception e) when ((failure = Failure(entry.Index, e)) is not null)
            {
                await batch.RollBackItemAsync(cancellationToken);
                results.Add(failure);
            }
        }

        await batch.CommitAsync(cancellationToken);
        return new BatchResult(results);
    }

    /// <summary>The item's result for an exception that is the item's fault; null for any other.</summary>
    private static BatchItemResult? Failure(int index, Exception exception) => exception switch
    {
        ValidationException e => BatchItemResult.Failed(
            index,
            null,
            ValidationFailed,
            e.Errors
                .GroupBy(f => BatchPaths.Of(index, f.PropertyName), StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(f => f.ErrorMessage).Distinct().ToArray(), StringComparer.Ordinal)),
        DomainValidationException e => Single(index, ValidationFailed, e.Member, e.Message),
        DomainException e => Single(index, e.Code, e.Details.TryGetValue("field", out var field) ? field as string : null, e.Message),
        NotFoundException e => Single(index, NotFound, null, e.Message),
        ForbiddenException e => Single(index, e.Code, null, e.Message),
        ConcurrencyConflictException e => Single(index, "concurrent-modification", null, e.Message + " Send the item again."),
        _ => null,
    };

    private static BatchItemResult Single(int index, string code, string? member, string message) =>
        BatchItemResult.Failed(index, null, code, new Dictionary<string, string[]> { [BatchPaths.Of(index, member)] = [message] });
}
