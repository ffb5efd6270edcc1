using CustomerRetention.Application.Segmentation.StartRfmRun;
using CustomerRetention.Application.Value.StartClvModel;
using CustomerRetention.Infrastructure.Demo;
using Mediator;

namespace CustomerRetention.Api.BuildingBlocks.Hosting;

/// <summary>
/// <c>Demo:Seed</c> at start-up: loads the demo data set into an empty database, then queues a
/// first RFM run and a first CLV model (calibrated to the last whole UTC day) through the
/// application's own commands, exactly as <c>POST /api/v1/rfm/runs</c> and
/// <c>POST /api/v1/clv/models</c> would, so segments and predictions are there to explore.
/// </summary>
public static partial class DemoStartup
{
    /// <summary>Seeds the demo data (nothing when customers exist) and queues the first jobs.</summary>
    public static async Task SeedDemoAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        var seeded = await provider.GetRequiredService<DemoDataSeeder>().SeedAsync(cancellationToken: cancellationToken);
        if (seeded == 0)
        {
            return;
        }

        var sender = provider.GetRequiredService<ISender>();
        var run = await sender.Send(new StartRfmRunCommand(new RfmRunRequest()), cancellationToken);
        var today = DateOnly.FromDateTime(provider.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);
        var model = await sender.Send(new StartClvModelCommand(new ClvModelRequest { CalibrationEnd = today.AddDays(-1) }), cancellationToken);
        LogQueued(provider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DemoStartup).FullName!), run.Id, model.Id);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo data: RFM run {RunId} and CLV model {ModelId} queued")]
    private static partial void LogQueued(ILogger logger, Guid runId, Guid modelId);
}
