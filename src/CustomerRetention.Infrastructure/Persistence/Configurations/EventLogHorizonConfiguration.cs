using CustomerRetention.Domain.BuildingBlocks.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CustomerRetention.Infrastructure.Persistence.Configurations;

internal sealed class EventLogHorizonConfiguration : IEntityTypeConfiguration<EventLogHorizon>
{
    public void Configure(EntityTypeBuilder<EventLogHorizon> builder)
    {
        builder.ToTable("event_log_horizon", t => t.HasCheckConstraint("ck_event_log_horizon_single_row", $"id = {EventLogHorizon.SingletonId}"));
        builder.HasKey(h => h.Id);
        builder.Property(h => h.Id).ValueGeneratedNever();
        builder.HasData(new { Id = EventLogHorizon.SingletonId, PurgedThrough = 0L });
    }
}
