using CustomerRetention.Application.Alerts;
using CustomerRetention.Application.Alerts.Contracts;
using CustomerRetention.Application.BuildingBlocks.Calendar;
using CustomerRetention.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CustomerRetention.Infrastructure.Alerts;

/// <summary>
/// A dry-run (SPEC §9.1): the evaluation's detection and plan in a transaction that is rolled
/// back, so its temporary tables vanish and no row anywhere changes.
/// </summary>
internal sealed class AlertDryRun(AppDbContext db, AlertOptions options, IDeploymentCalendar calendar) : IAlertDryRun
{
    public async Task<AlertDryRunDto> RunAsync(AlertRuleSettings rule, DateTimeOffset asOf, int limit, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var detection = new AlertDetection(connection, transaction, options.DryRunTimeoutSeconds);
        await detection.PrepareAsync(rule, asOf, null, calendar.ZoneId, cancellationToken);
        var figures = await detection.FiguresAsync(cancellationToken);
        detection.Add("limit", NpgsqlTypes.NpgsqlDbType.Integer, limit);
        var alerts = new List<AlertPreviewDto>();
        await using (var command = detection.Command(AlertSql.WouldOpen))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                alerts.Add(new AlertPreviewDto
                {
                    CustomerId = reader.GetGuid(0),
                    Severity = Enum.Parse<Domain.Alerts.AlertSeverity>(reader.GetString(1), ignoreCase: true),
                    Score = reader.IsDBNull(2) ? null : reader.GetDecimal(2),
                    Title = reader.GetString(3),
                    Reason = reader.GetString(4),
                    Evidence = System.Text.Json.Nodes.JsonNode.Parse(reader.GetString(5))!.AsObject(),
                });
            }
        }

        await transaction.RollbackAsync(cancellationToken);
        return new AlertDryRunDto { AsOf = asOf, RuleVersion = rule.Version, Figures = figures, Alerts = alerts };
    }
}
