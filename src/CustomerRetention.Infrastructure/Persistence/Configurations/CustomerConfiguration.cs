using CustomerRetention.Application.Customers.ListCustomers;
using CustomerRetention.Domain.Customers;
using CustomerRetention.Domain.Lifecycle;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CustomerRetention.Infrastructure.Persistence.Configurations;

internal sealed class CustomerConfiguration : IEntityTypeConfiguration<Customer>
{
    private const string Live = "archived_at IS NULL";

    public void Configure(EntityTypeBuilder<Customer> builder)
    {
        builder.ToTable("customers");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();

        // Archived customers are tombstones: invisible to every read unless a query opts out.
        builder.HasQueryFilter(AppDbContext.LiveFilter, c => c.ArchivedAt == null);

        builder.Property(c => c.Version).IsRowVersion().HasColumnName("xmin");

        builder.Property(c => c.Type).HasConversion(new LowercaseEnumConverter<CustomerType>()).HasMaxLength(20);
        builder.Property(c => c.LifecycleStage).HasConversion(new LowercaseEnumConverter<LifecycleStage>()).HasMaxLength(20);
        builder.HasMany(c => c.Transitions).WithOne().HasForeignKey(t => t.CustomerId).OnDelete(DeleteBehavior.Restrict);
        builder.Navigation(c => c.Transitions).HasField("_transitions").UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Property(c => c.Name).HasMaxLength(CustomerLimits.NameMaxLength);
        builder.Property(c => c.ExternalId).HasMaxLength(CustomerLimits.ExternalIdMaxLength);
        builder.Property(c => c.Company).HasMaxLength(CustomerLimits.CompanyMaxLength);
        builder.Property(c => c.Email).HasMaxLength(CustomerLimits.EmailMaxLength);
        builder.Property(c => c.EmailKey).HasMaxLength(CustomerLimits.EmailMaxLength);
        builder.Property(c => c.Phone).HasMaxLength(16);
        builder.Property(c => c.Address).HasConversion(JsonColumns.AddressConverter).HasColumnType("jsonb");
        builder.Property(c => c.Attributes)
            .HasConversion(JsonColumns.AttributesConverter, JsonColumns.AttributesComparer)
            .HasColumnType("jsonb");
        builder.Property(c => c.Tags).HasField("_tags").UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Property(c => c.TagKeys).HasField("_tagKeys").UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.ComplexProperty(c => c.Consent);
        builder.Ignore(c => c.IsArchived);

        builder.Property<string>(CustomerSearch.ColumnProperty)
            .HasComputedColumnSql(
                "lower(name || ' ' || coalesce(company, '') || ' ' || coalesce(email, '') || ' ' || coalesce(phone, ''))",
                stored: true);

        builder.HasIndex(c => c.ExternalId).IsUnique().HasFilter($"{Live} AND external_id IS NOT NULL")
            .HasDatabaseName("ux_customers_external_id_live");
        builder.HasIndex(c => c.EmailKey).IsUnique().HasFilter($"{Live} AND email_key IS NOT NULL")
            .HasDatabaseName("ux_customers_email_key_live");
        builder.HasIndex(c => new { c.CreatedAt, c.Id }).HasFilter(Live).HasDatabaseName("ix_customers_created_at_id");
        builder.HasIndex(c => new { c.UpdatedAt, c.Id }).HasFilter(Live).HasDatabaseName("ix_customers_updated_at_id");
        builder.HasIndex(c => new { c.Name, c.Id }).HasFilter(Live).HasDatabaseName("ix_customers_name_id");
        builder.HasIndex(c => new { c.LifecycleStage, c.CreatedAt }).HasFilter(Live).HasDatabaseName("ix_customers_stage_created_at");
        builder.HasIndex(c => c.OwnerId).HasFilter(Live).HasDatabaseName("ix_customers_owner_id");
        // The few archived customers, for the anti-joins that leave them out of RFM runs and analytics.
        builder.HasIndex(c => c.Id).HasFilter("archived_at IS NOT NULL").HasDatabaseName("ix_customers_archived");
        builder.HasIndex(c => c.TagKeys).HasMethod("gin").HasDatabaseName("ix_customers_tag_keys");
        builder.HasIndex(CustomerSearch.ColumnProperty).HasMethod("gin").HasOperators("gin_trgm_ops")
            .HasDatabaseName("ix_customers_search_text_trgm");
    }
}
