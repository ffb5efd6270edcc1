using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Batches;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.BuildingBlocks.Security;
using CustomerRetention.Application.Customers.Contracts;
using CustomerRetention.Application.Orders.Contracts;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Orders.UpsertOrders;

/// <summary>
/// Batch upsert of orders by <c>externalId</c> (SPEC §10.2), with the rules of a single order
/// (amount and items, currency, a live customer, the automatic stage transitions through
/// <c>order.created</c>); an existing order may change status and notes only, and an item equal
/// to the order writes nothing and emits no event.
/// </summary>
public sealed record UpsertOrdersCommand(IReadOnlyList<BatchEntry<OrderBatchItem>> Items) : ICommand<BatchResult>;

public sealed class UpsertOrdersHandler(
    IApplicationDbContext db,
    TimeProvider clock,
    OrderSettings settings,
    IValidator<OrderBatchItem> rules,
    IOwnerScope scope) : ICommandHandler<UpsertOrdersCommand, BatchResult>
{
    public async ValueTask<BatchResult> Handle(UpsertOrdersCommand command, CancellationToken cancellationToken) =>
        await BatchRunner.RunAsync(db, command.Items, ApplyAsync, cancellationToken);

    private async Task<BatchItemResult> ApplyAsync(BatchEntry<OrderBatchItem> entry, CancellationToken cancellationToken)
    {
        var item = entry.Item!;
        await rules.ValidateAndThrowAsync(item, cancellationToken);

        var customerId = item.CustomerId ?? await db.IdByExternalIdAsync(item.CustomerExternalId!.Trim(), cancellationToken);
        var details = OrderWrites.DetailsOf(item, settings);
        var now = clock.UtcNowMicroseconds();
        var existing = await db.Orders.FirstOrDefaultAsync(o => o.ExternalId == details.ExternalId, cancellationToken);
        if (existing is null)
        {
            var created = await OrderWrites.CreateAsync(db, scope, customerId, details, now, cancellationToken);
            return BatchItemResult.Done(entry.Index, created.Id, BatchItemStatus.Created);
        }

        if (item.CustomerId is { } byId)
        {
            await db.EnsureLiveAsync(byId, cancellationToken); // by externalId it was found among the live ones
        }

        existing.EnsureSameRecord(customerId, details, itemsGiven: item.Items is not null, channelGiven: entry.Document!.ContainsKey("channel"));
        if (item.Status is { } status)
        {
            existing.ChangeStatus(status, string.IsNullOrWhiteSpace(item.StatusReason) ? null : item.StatusReason.Trim(), now);
        }

        if (entry.Document!.ContainsKey("notes"))
        {
            existing.ChangeNotes(item.Notes, now);
        }

        if (!db.ChangeTracker.HasChanges())
        {
            return BatchItemResult.Done(entry.Index, existing.Id, BatchItemStatus.Unchanged);
        }

        await db.SaveChangesAsync(cancellationToken);
        return BatchItemResult.Done(entry.Index, existing.Id, BatchItemStatus.Updated);
    }
}
