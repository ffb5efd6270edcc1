using CustomerRetention.Domain.Customers;
using CustomerRetention.Domain.Interactions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CustomerRetention.Infrastructure.Persistence.Configurations;

internal sealed class InteractionConfiguration : IEntityTypeConfiguration<Interaction>
{
    public void Configure(EntityTypeBuilder<Interaction> builder)
    {
        builder.ToTable("interactions");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Id).ValueGeneratedNever();
        builder.Property(i => i.Version).IsRowVersion().HasColumnName("xmin");
        builder.Property(i => i.Channel).HasConversion(new LowercaseEnumConverter<InteractionChannel>()).HasMaxLength(20);
        builder.Property(i => i.Direction).HasConversion(new LowercaseEnumConverter<InteractionDirection>()).HasMaxLength(20);
        builder.Property(i => i.Type).HasConversion(new LowercaseEnumConverter<InteractionType>()).HasMaxLength(20);
        builder.Property(i => i.Sentiment).HasConversion(new LowercaseEnumConverter<Sentiment>()).HasMaxLength(20);
        builder.Property(i => i.Subject).HasMaxLength(InteractionLimits.SubjectMaxLength);
        builder.Property(i => i.Notes).HasMaxLength(InteractionLimits.NotesMaxLength);
        builder.Property(i => i.Outcome).HasMaxLength(InteractionLimits.OutcomeMaxLength);
        builder.Property(i => i.DeletedBy).HasMaxLength(200);
        builder.HasOne<Customer>().WithMany().HasForeignKey(i => i.CustomerId).OnDelete(DeleteBehavior.Restrict);
        builder.ToTable(t =>
        {
            t.HasCheckConstraint("ck_interactions_satisfaction", "satisfaction BETWEEN 1 AND 5");
            t.HasCheckConstraint("ck_interactions_nps_score", "nps_score BETWEEN 0 AND 10");
        });

        // Per-customer list and timeline, newest first, live rows only.
        builder.HasIndex(i => new { i.CustomerId, i.OccurredAt, i.Id }).HasFilter("deleted_at IS NULL")
            .HasDatabaseName("ix_interactions_customer_occurred_at_id");
    }
}
