using CustomerRetention.Application.BuildingBlocks.Exceptions;
using CustomerRetention.Application.BuildingBlocks.Interfaces;
using CustomerRetention.Domain.Surveys;
using Microsoft.EntityFrameworkCore;

namespace CustomerRetention.Application.Surveys;

internal static class SurveyLookup
{
    /// <summary>A survey, or 404; a stale <c>If-Match</c> is 412.</summary>
    public static async Task<Survey> FindAsync(IQueryable<Survey> surveys, Guid id, uint? expectedVersion, CancellationToken cancellationToken)
    {
        var survey = await surveys.FirstOrDefaultAsync(s => s.Id == id, cancellationToken)
            ?? throw new NotFoundException("Survey", id);
        return expectedVersion is { } expected && expected != survey.Version ? throw new PreconditionFailedException() : survey;
    }
}
