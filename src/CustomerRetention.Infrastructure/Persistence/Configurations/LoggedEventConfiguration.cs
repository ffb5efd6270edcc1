using CustomerRetention.Domain.BuildingBlocks.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CustomerRetention.Infrastructure.Persistence.Configurations;

/// <summary>
/// The event log. No foreign key to customers on purpose: an append must not wait for a customer's
/// row lock while it holds the log's lock, and the log outlives erased customers.
/// </summary>
internal sealed class LoggedEventConfiguration : IEntityTypeConfiguration<LoggedEvent>
{
    public void Configure(EntityTypeBuilder<LoggedEvent> builder)
    {
        builder.ToTable("events");
        builder.HasKey(e => e.Position);
        builder.Property(e => e.Position).UseIdentityAlwaysColumn();
        builder.Property(e => e.Type).HasMaxLength(100);
        builder.Property(e => e.ResourceType).HasMaxLength(50);
        builder.Property(e => e.Actor).HasMaxLength(200);
        builder.Property(e => e.Origin).HasColumnType("jsonb");
        builder.Property(e => e.Data).HasColumnType("jsonb");
        builder.HasIndex(e => e.Id).IsUnique();
        builder.HasIndex(e => new { e.CustomerId, e.Position });
        builder.HasIndex(e => new { e.Type, e.Position });
        builder.HasIndex(e => e.OccurredAt);
    }
}
