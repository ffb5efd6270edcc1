using CustomerRetention.Domain.Lifecycle;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CustomerRetention.Infrastructure.Persistence.Configurations;

internal sealed class StageTransitionConfiguration : IEntityTypeConfiguration<StageTransition>
{
    public void Configure(EntityTypeBuilder<StageTransition> builder)
    {
        builder.ToTable("stage_transitions");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.Property(t => t.FromStage).HasConversion(new LowercaseEnumConverter<LifecycleStage>()).HasMaxLength(20);
        builder.Property(t => t.ToStage).HasConversion(new LowercaseEnumConverter<LifecycleStage>()).HasMaxLength(20);
        builder.Property(t => t.Source).HasConversion(new LowercaseEnumConverter<TransitionSource>()).HasMaxLength(20);
        builder.Property(t => t.Reason).HasMaxLength(500);
        builder.Property(t => t.Actor).HasMaxLength(200);

        // History and timeline read newest first per customer.
        builder.HasIndex(t => new { t.CustomerId, t.OccurredAt, t.Id }).HasDatabaseName("ix_stage_transitions_customer_occurred_at_id");
        builder.HasIndex(t => new { t.ToStage, t.OccurredAt }).HasDatabaseName("ix_stage_transitions_to_stage_occurred_at");
    }
}
