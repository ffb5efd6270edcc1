using System.Text.Json.Nodes;
using AutoMapper;
using CustomerRetention.Application.BuildingBlocks;
using CustomerRetention.Application.BuildingBlocks.Exceptions;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Application.BuildingBlocks.Json;
using CustomerRetention.Application.BuildingBlocks.Paging;
using CustomerRetention.Application.Customers;
using CustomerRetention.Domain.Interactions;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Interactions;

/// <summary>Record a touchpoint with a live customer.</summary>
public sealed record CreateInteractionCommand(Guid CustomerId, InteractionFields Fields) : ICommand<InteractionDto>;

public sealed class CreateInteractionValidator : AbstractValidator<CreateInteractionCommand>
{
    public CreateInteractionValidator(TimeProvider clock) =>
        RuleFor(x => x.Fields).SetValidator(new InteractionFieldsValidator(clock)).OverridePropertyName(string.Empty);
}

public sealed class CreateInteractionHandler(IApplicationDbContext db, IMapper mapper, TimeProvider clock)
    : ICommandHandler<CreateInteractionCommand, InteractionDto>
{
    public async ValueTask<InteractionDto> Handle(CreateInteractionCommand command, CancellationToken cancellationToken)
    {
        await db.EnsureLiveAsync(command.CustomerId, cancellationToken);

        var interaction = Interaction.Create(command.CustomerId, command.Fields.ToDetails(), clock.UtcNowMicroseconds());
        db.Interactions.Add(interaction);
        await db.SaveChangesAsync(cancellationToken);
        return mapper.Map<InteractionDto>(interaction);
    }
}

/// <summary>One interaction (deleted ones and those of archived customers are not found).</summary>
public sealed record GetInteractionQuery(Guid Id) : IQuery<InteractionDto>;

public sealed class GetInteractionHandler(IApplicationDbContext db, IMapper mapper) : IQueryHandler<GetInteractionQuery, InteractionDto>
{
    public async ValueTask<InteractionDto> Handle(GetInteractionQuery query, CancellationToken cancellationToken) =>
        mapper.Map<InteractionDto>(await InteractionLookup.FindAsync(db.Interactions.AsNoTracking(), db, query.Id, cancellationToken));
}

/// <summary>Merge-patch (RFC 7396) of an interaction; the merged document is validated like a create.</summary>
public sealed record UpdateInteractionCommand(Guid Id, JsonObject Patch, uint? ExpectedVersion) : ICommand<InteractionDto>;

public sealed class UpdateInteractionHandler(IApplicationDbContext db, IMapper mapper, TimeProvider clock, IValidator<InteractionFields> validator)
    : ICommandHandler<UpdateInteractionCommand, InteractionDto>
{
    public async ValueTask<InteractionDto> Handle(UpdateInteractionCommand command, CancellationToken cancellationToken)
    {
        var interaction = await InteractionLookup.FindAsync(db.Interactions, db, command.Id, cancellationToken);
        if (command.ExpectedVersion is { } expected && expected != interaction.Version)
        {
            throw new PreconditionFailedException();
        }

        var fields = JsonMergePatch.ApplyTo(InteractionFields.From(interaction.ToDetails()), command.Patch);
        var validation = await validator.ValidateAsync(fields, cancellationToken);
        if (!validation.IsValid)
        {
            throw new ValidationException(validation.Errors);
        }

        interaction.Update(fields.ToDetails(), clock.UtcNowMicroseconds());
        await SaveAsync(db, command.ExpectedVersion, cancellationToken);
        return mapper.Map<InteractionDto>(interaction);
    }

    internal static async Task SaveAsync(IApplicationDbContext db, uint? expectedVersion, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (ConcurrencyConflictException) when (expectedVersion is not null)
        {
            throw new PreconditionFailedException();
        }
    }
}

/// <summary>Delete an interaction: explicit and recorded (who and when), never silent.</summary>
public sealed record DeleteInteractionCommand(Guid Id, string Actor, uint? ExpectedVersion) : ICommand;

public sealed class DeleteInteractionHandler(IApplicationDbContext db, TimeProvider clock) : ICommandHandler<DeleteInteractionCommand>
{
    public async ValueTask<Unit> Handle(DeleteInteractionCommand command, CancellationToken cancellationToken)
    {
        var interaction = await InteractionLookup.FindAsync(db.Interactions, db, command.Id, cancellationToken);
        if (command.ExpectedVersion is { } expected && expected != interaction.Version)
        {
            throw new PreconditionFailedException();
        }

        interaction.Delete(command.Actor, clock.UtcNowMicroseconds());
        await UpdateInteractionHandler.SaveAsync(db, command.ExpectedVersion, cancellationToken);
        return Unit.Value;
    }
}

/// <summary>A customer's interactions, newest first, filtered by channel, type and a half-open time range [from, to).</summary>
public sealed record ListInteractionsQuery(
    Guid CustomerId,
    InteractionChannel? Channel,
    InteractionType? Type,
    DateTimeOffset? From,
    DateTimeOffset? To,
    int? Limit,
    string? Cursor) : IQuery<Page<InteractionDto>>;

public sealed class ListInteractionsValidator : AbstractValidator<ListInteractionsQuery>
{
    public ListInteractionsValidator()
    {
        Include(new PageRequestValidator<ListInteractionsQuery>(x => x.Limit, x => x.Cursor));
        RuleFor(x => x.To).Must((q, to) => q.From is null || to is null || q.From < to)
            .WithMessage("'from' must be before 'to'.");
    }
}

public sealed class ListInteractionsHandler(IApplicationDbContext db, IMapper mapper, ICursorCodec cursors)
    : IQueryHandler<ListInteractionsQuery, Page<InteractionDto>>
{
    public async ValueTask<Page<InteractionDto>> Handle(ListInteractionsQuery query, CancellationToken cancellationToken)
    {
        await db.EnsureLiveAsync(query.CustomerId, cancellationToken);

        var scope = $"interactions:{query.CustomerId}:{query.Channel}:{query.Type}:{query.From?.UtcTicks}:{query.To?.UtcTicks}";
        var interactions = db.Interactions.AsNoTracking().Where(i => i.CustomerId == query.CustomerId && i.DeletedAt == null);
        if (query.Channel is { } channel)
        {
            interactions = interactions.Where(i => i.Channel == channel);
        }

        if (query.Type is { } type)
        {
            interactions = interactions.Where(i => i.Type == type);
        }

        if (query.From is { } from)
        {
            interactions = interactions.Where(i => i.OccurredAt >= from.ToUniversalTime());
        }

        if (query.To is { } to)
        {
            interactions = interactions.Where(i => i.OccurredAt < to.ToUniversalTime());
        }

        var limit = query.Limit ?? PageLimits.Default;
        var rows = await interactions
            .NewestFirst(i => i.OccurredAt, i => i.Id, cursors.DecodeOrThrow(query.Cursor, scope), limit)
            .ToListAsync(cancellationToken);
        return Keyset.Page(rows, limit, mapper.Map<InteractionDto>, r => cursors.Encode(new TimeCursor(scope, r.OccurredAt, r.Id)));
    }
}

internal static class InteractionLookup
{
    /// <summary>A live interaction of a live customer, or 404.</summary>
    public static async Task<Interaction> FindAsync(IQueryable<Interaction> interactions, IApplicationDbContext db, Guid id, CancellationToken cancellationToken) =>
        await interactions.FirstOrDefaultAsync(
            i => i.Id == id && i.DeletedAt == null && db.Customers.Any(c => c.Id == i.CustomerId),
            cancellationToken)
        ?? throw new NotFoundException("Interaction", id);
}
