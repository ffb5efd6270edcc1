using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Exceptions;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Customers.ArchiveCustomer;

/// <summary>
/// Archive (soft-delete) a customer: it disappears from reads and lists and its e-mail and
/// externalId become free again, while the row stays as a tombstone.
/// </summary>
public sealed record ArchiveCustomerCommand(Guid Id, uint? ExpectedVersion) : ICommand;

public sealed class ArchiveCustomerHandler(IApplicationDbContext db, TimeProvider clock) : ICommandHandler<ArchiveCustomerCommand>
{
    public async ValueTask<Unit> Handle(ArchiveCustomerCommand command, CancellationToken cancellationToken)
    {
        var customer = await db.Customers.FirstOrDefaultAsync(c => c.Id == command.Id, cancellationToken)
            ?? throw new NotFoundException("Customer", command.Id);
        if (command.ExpectedVersion is { } expected && expected != customer.Version)
        {
            throw new PreconditionFailedException();
        }

        customer.Archive(clock.UtcNowMicroseconds());
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (ConcurrencyConflictException) when (command.ExpectedVersion is not null)
        {
            throw new PreconditionFailedException();
        }

        return Unit.Value;
    }
}
