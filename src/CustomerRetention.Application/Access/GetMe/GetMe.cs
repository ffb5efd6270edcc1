using CustomerRetention.Application.Access.Contracts;
using CustomerRetention.Application.BuildingBlocks.Security;
using Mediator;

namespace CustomerRetention.Application.Access.GetMe;

/// <summary>Who the credential of this request says the caller is.</summary>
public sealed record GetMeQuery : IQuery<MeDto>;

public sealed class GetMeHandler(ICurrentCaller current) : IQueryHandler<GetMeQuery, MeDto>
{
    public ValueTask<MeDto> Handle(GetMeQuery query, CancellationToken cancellationToken)
    {
        var caller = current.Caller ?? throw new InvalidOperationException("GET /me is only reachable with a credential.");
        return ValueTask.FromResult(new MeDto(caller.Id, caller.Name, caller.Role, caller.Kind));
    }
}
