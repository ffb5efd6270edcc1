using System.Text.Json;
using CustomerRetention.Domain.Customers;
using CustomerRetention.Domain.Orders;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CustomerRetention.Infrastructure.Persistence.Configurations;

internal sealed class OrderConfiguration : IEntityTypeConfiguration<Order>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void Configure(EntityTypeBuilder<Order> builder)
    {
        builder.ToTable("orders");
        builder.HasKey(o => o.Id);
        builder.Property(o => o.Id).ValueGeneratedNever();
        builder.Property(o => o.Version).IsRowVersion().HasColumnName("xmin");
        builder.Property(o => o.ExternalId).HasMaxLength(OrderLimits.ExternalIdMaxLength);
        builder.Property(o => o.Status).HasConversion(new LowercaseEnumConverter<OrderStatus>()).HasMaxLength(20);
        builder.Property(o => o.Channel).HasConversion(new LowercaseEnumConverter<OrderChannel>()).HasMaxLength(20);
        builder.Property(o => o.Amount).HasPrecision(12, 2);
        builder.Property(o => o.Currency).HasMaxLength(3).IsFixedLength();
        builder.Property(o => o.Notes).HasMaxLength(OrderLimits.NotesMaxLength);
        builder.Property(o => o.StatusReason).HasMaxLength(OrderLimits.StatusReasonMaxLength);
        builder.Property(o => o.Items)
            .HasField("_items")
            .UsePropertyAccessMode(PropertyAccessMode.Field)
            .HasColumnType("jsonb")
            .HasConversion(
                items => JsonSerializer.Serialize(items, Json),
                json => JsonSerializer.Deserialize<List<OrderItem>>(json, Json) ?? new List<OrderItem>(),
                new ValueComparer<IReadOnlyList<OrderItem>>(
                    (a, b) => a!.SequenceEqual(b!),
                    items => items.Aggregate(0, (hash, item) => HashCode.Combine(hash, item.GetHashCode())),
                    items => items.ToList()));
        builder.Ignore(o => o.IsCompleted);
        builder.HasOne<Customer>().WithMany().HasForeignKey(o => o.CustomerId).OnDelete(DeleteBehavior.Restrict);
        builder.ToTable(t => t.HasCheckConstraint("ck_orders_amount", "amount >= 0"));

        builder.HasIndex(o => o.ExternalId).IsUnique().HasFilter("external_id IS NOT NULL").HasDatabaseName("ux_orders_external_id");
        // Per-customer list and timeline, newest first; RFM/CLV aggregate completed orders per customer.
        builder.HasIndex(o => new { o.CustomerId, o.OrderedAt, o.Id }).HasDatabaseName("ix_orders_customer_ordered_at_id");
        builder.HasIndex(o => new { o.CustomerId, o.OrderedAt }).HasFilter("status = 'completed'")
            .IncludeProperties(o => o.Amount).HasDatabaseName("ix_orders_completed_customer_ordered_at");
    }
}
