using CustomerRetention.Domain.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CustomerRetention.Infrastructure.Persistence.Configurations;

internal sealed class WebhookConfiguration : IEntityTypeConfiguration<Webhook>
{
    public void Configure(EntityTypeBuilder<Webhook> builder)
    {
        builder.ToTable("webhooks");
        builder.HasKey(w => w.Id);
        builder.Property(w => w.Id).ValueGeneratedNever();
        builder.Property(w => w.Version).IsRowVersion().HasColumnName("xmin");
        builder.Property(w => w.Url).HasMaxLength(Webhook.UrlMaxLength);
        builder.Property(w => w.EventTypes).HasColumnType("text[]");
        builder.Property(w => w.Description).HasMaxLength(Webhook.DescriptionMaxLength);
        builder.Property(w => w.DisabledReason).HasMaxLength(500);

        // Reversible on purpose: a secret must sign (ADR 0022). Never returned by a read, never in an event or a log.
        builder.Property(w => w.Secret).HasMaxLength(100);
        builder.Property(w => w.PreviousSecret).HasMaxLength(100);

        // The list, newest first.
        builder.HasIndex(w => new { w.CreatedAt, w.Id });
    }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.ToTable("webhook_deliveries");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.Property(d => d.EventType).HasMaxLength(100);
        builder.Property(d => d.State).HasConversion(new LowercaseEnumConverter<DeliveryState>()).HasMaxLength(20);
        builder.Property(d => d.Attempts).HasColumnType("jsonb").HasDefaultValueSql("'[]'::jsonb");
        builder.HasOne<Webhook>().WithMany().HasForeignKey(d => d.WebhookId).OnDelete(DeleteBehavior.Cascade);
        builder.ToTable(t =>
        {
            t.HasCheckConstraint("ck_webhook_deliveries_state", "state IN ('pending', 'succeeded', 'failed')");
            t.HasCheckConstraint("ck_webhook_deliveries_retries", "retries >= 0");
            t.HasCheckConstraint("ck_webhook_deliveries_pending_due", "state <> 'pending' OR next_attempt_at IS NOT NULL");
        });

        // One delivery per event and subscription: a fan-out that runs twice (two instances) adds nothing.
        builder.HasIndex(d => new { d.WebhookId, d.EventPosition }).IsUnique();

        // The claim: due pending deliveries, oldest due first.
        builder.HasIndex(d => new { d.NextAttemptAt, d.EventPosition }).HasFilter("state = 'pending'")
            .HasDatabaseName("ix_webhook_deliveries_due");

        // The order guard: is an earlier delivery of this customer still pending for this subscription?
        builder.HasIndex(d => new { d.WebhookId, d.CustomerId, d.EventPosition }).HasFilter("state = 'pending' AND customer_id IS NOT NULL")
            .HasDatabaseName("ix_webhook_deliveries_pending_customer");

        // The delivery log of a subscription, newest first.
        builder.HasIndex(d => new { d.WebhookId, d.CreatedAt, d.Id }).HasDatabaseName("ix_webhook_deliveries_webhook_created_at_id");
    }
}

internal sealed class WebhookCursorConfiguration : IEntityTypeConfiguration<CustomerRetention.Infrastructure.Webhooks.WebhookCursor>
{
    public void Configure(EntityTypeBuilder<CustomerRetention.Infrastructure.Webhooks.WebhookCursor> builder)
    {
        builder.ToTable("webhook_cursors");
        builder.HasKey(c => c.WebhookId);
        builder.HasOne<Webhook>().WithMany().HasForeignKey(c => c.WebhookId).OnDelete(DeleteBehavior.Cascade);
    }
}
