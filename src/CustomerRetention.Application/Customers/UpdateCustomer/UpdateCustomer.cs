using System.Text.Json.Nodes;
using AutoMapper;
using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Exceptions;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.BuildingBlocks.Json;
using CustomerRetention.Application.BuildingBlocks.Security;
using CustomerRetention.Application.Segmentation;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Customers.UpdateCustomer;

/// <summary>
/// Merge-patch (RFC 7396) of a customer's fields. <paramref name="Patch"/> has already been
/// checked for unknown and read-only members and value types; the merged document is validated
/// here with the same rules as a create.
/// </summary>
public sealed record UpdateCustomerCommand(Guid Id, JsonObject Patch, uint? ExpectedVersion) : ICommand<CustomerDto>;

public sealed class UpdateCustomerHandler(
    IApplicationDbContext db,
    IMapper mapper,
    TimeProvider clock,
    IValidator<CustomerFields> validator,
    IOwnerScope scope) : ICommandHandler<UpdateCustomerCommand, CustomerDto>
{
    public async ValueTask<CustomerDto> Handle(UpdateCustomerCommand command, CancellationToken cancellationToken)
    {
        var customer = await db.Customers.FirstOrDefaultAsync(c => c.Id == command.Id, cancellationToken)
            ?? throw new NotFoundException("Customer", command.Id);
        if (command.ExpectedVersion is { } expected && expected != customer.Version)
        {
            throw new PreconditionFailedException();
        }

        var fields = JsonMergePatch.ApplyTo(CustomerFields.From(customer), command.Patch);
        var validation = await validator.ValidateAsync(fields, cancellationToken);
        if (!validation.IsValid)
        {
            throw new ValidationException(validation.Errors);
        }

        try
        {
            await CustomerWrites.UpdateAsync(db, scope, customer, fields.ToProfile(), clock.UtcNowMicroseconds(), cancellationToken);
        }
        catch (ConcurrencyConflictException) when (command.ExpectedVersion is not null)
        {
            throw new PreconditionFailedException();
        }

        return await db.WithRfmAsync(mapper.Map<CustomerDto>(customer), cancellationToken);
    }
}
