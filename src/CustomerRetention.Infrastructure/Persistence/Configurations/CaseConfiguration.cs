using CustomerRetention.Domain.Cases;
using CustomerRetention.Domain.Customers;
using CustomerRetention.Domain.Orders;
using CustomerRetention.Domain.ServiceLevels.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CustomerRetention.Infrastructure.Persistence.Configurations;

internal sealed class CaseConfiguration : IEntityTypeConfiguration<SupportCase>
{
    public void Configure(EntityTypeBuilder<SupportCase> builder)
    {
        builder.ToTable("cases");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Version).IsRowVersion().HasColumnName("xmin");
        builder.Property(c => c.Number).HasMaxLength(20);
        builder.Property(c => c.Channel).HasConversion(new KebabEnumConverter<CaseChannel>()).HasMaxLength(20);
        builder.Property(c => c.Category).HasConversion(new KebabEnumConverter<CaseCategory>()).HasMaxLength(20);
        builder.Property(c => c.Priority).HasConversion(new KebabEnumConverter<CasePriority>()).HasMaxLength(20);
        builder.Property(c => c.Status).HasConversion(new KebabEnumConverter<CaseStatus>()).HasMaxLength(20);
        builder.Property(c => c.Subject).HasMaxLength(SupportCase.SubjectMaxLength);
        builder.Property(c => c.Description).HasMaxLength(SupportCase.DescriptionMaxLength);
        builder.OwnsOne(c => c.Resolution, r =>
        {
            r.WithOwner().HasForeignKey("CaseId");
            r.Property<Guid>("CaseId").HasColumnName("id");
            r.Property(x => x.Summary).HasColumnName("resolution_summary").HasMaxLength(SupportCase.SummaryMaxLength);
            r.Property(x => x.Compensation).HasColumnName("compensation").HasConversion(new KebabEnumConverter<CompensationType>()).HasMaxLength(20);
            r.Property(x => x.Amount).HasColumnName("compensation_amount").HasColumnType("numeric(14,2)");
            r.Property(x => x.Currency).HasColumnName("compensation_currency").HasMaxLength(3);
        });
        builder.HasOne<Customer>().WithMany().HasForeignKey(c => c.CustomerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Order>().WithMany().HasForeignKey(c => c.OrderId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<SupportCase>().WithMany().HasForeignKey(c => c.LinkedCaseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(c => c.History).WithOne().HasForeignKey(h => h.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(c => c.History).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasMany(c => c.SlaTargets).WithOne().HasForeignKey(t => t.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(c => c.SlaTargets).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Property(c => c.SlaState).HasConversion(new KebabEnumConverter<SlaRollup>()).HasMaxLength(20);
        builder.Ignore(c => c.IsActive);
        builder.Ignore(c => c.HasSla);
        builder.ToTable(t =>
        {
            t.HasCheckConstraint("ck_cases_status", $"status IN ({KebabEnumConverter<CaseStatus>.Values})");
            t.HasCheckConstraint("ck_cases_priority", $"priority IN ({KebabEnumConverter<CasePriority>.Values})");
            t.HasCheckConstraint("ck_cases_reopen_count", "reopen_count >= 0");
            t.HasCheckConstraint("ck_cases_opened_before_activity", "opened_at <= last_activity_at");
            t.HasCheckConstraint("ck_cases_sla_state", $"sla_state IN ({KebabEnumConverter<SlaRollup>.Values})");
        });

        builder.HasIndex(c => c.Number).IsUnique();

        // The lists, most recently opened first: all, a customer's, an assignee's; and the status filter.
        builder.HasIndex(c => new { c.OpenedAt, c.Id });
        builder.HasIndex(c => new { c.CustomerId, c.OpenedAt, c.Id });
        builder.HasIndex(c => new { c.AssigneeId, c.OpenedAt, c.Id });
        builder.HasIndex(c => new { c.Status, c.OpenedAt, c.Id });
        builder.HasIndex(c => c.OrderId).HasFilter("order_id IS NOT NULL");

        // The SLA scheduler's work list, and the slaState filter.
        builder.HasIndex(c => c.SlaNextCheckAt).HasFilter("sla_next_check_at IS NOT NULL");
        builder.HasIndex(c => new { c.SlaState, c.OpenedAt, c.Id });
    }
}

internal sealed class SlaTargetConfiguration : IEntityTypeConfiguration<SlaTarget>
{
    public void Configure(EntityTypeBuilder<SlaTarget> builder)
    {
        builder.ToTable("case_sla_targets");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.Property(t => t.Metric).HasConversion(new KebabEnumConverter<SlaMetric>()).HasMaxLength(20);
        builder.Property(t => t.State).HasConversion(new KebabEnumConverter<SlaTargetState>()).HasMaxLength(20);
        builder.Ignore(t => t.IsOpen);
        builder.Ignore(t => t.IsMissed);
        builder.HasIndex(t => new { t.CaseId, t.Metric, t.Instance }).IsUnique();
        builder.ToTable(t =>
        {
            t.HasCheckConstraint("ck_case_sla_targets_metric", $"metric IN ({KebabEnumConverter<SlaMetric>.Values})");
            t.HasCheckConstraint("ck_case_sla_targets_state", $"state IN ({KebabEnumConverter<SlaTargetState>.Values})");
            t.HasCheckConstraint("ck_case_sla_targets_instance", "instance >= 1");
            t.HasCheckConstraint("ck_case_sla_targets_minutes", "target_minutes >= 0");
        });
    }
}

internal sealed class CaseChangeConfiguration : IEntityTypeConfiguration<CaseChange>
{
    public void Configure(EntityTypeBuilder<CaseChange> builder)
    {
        builder.ToTable("case_changes");
        builder.HasKey(h => h.Id);
        builder.Property(h => h.Id).ValueGeneratedNever();
        builder.Property(h => h.Actor).HasMaxLength(200);
        builder.Property(h => h.Field).HasMaxLength(20);
        builder.Property(h => h.From).HasMaxLength(50);
        builder.Property(h => h.To).HasMaxLength(50);
        builder.HasIndex(h => new { h.CaseId, h.At, h.Id });
    }
}

internal sealed class CaseMessageConfiguration : IEntityTypeConfiguration<CaseMessage>
{
    public void Configure(EntityTypeBuilder<CaseMessage> builder)
    {
        builder.ToTable("case_messages");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.Direction).HasConversion(new KebabEnumConverter<MessageDirection>()).HasMaxLength(20);
        builder.Property(m => m.AuthorType).HasConversion(new KebabEnumConverter<MessageAuthorType>()).HasMaxLength(20);
        builder.Property(m => m.Body).HasMaxLength(CaseMessage.BodyMaxLength);
        builder.Property(m => m.Actor).HasMaxLength(200);
        builder.Ignore(m => m.IsResponse);
        builder.HasOne<SupportCase>().WithMany().HasForeignKey(m => m.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.ToTable(t => t.HasCheckConstraint("ck_case_messages_internal_private", "direction <> 'internal' OR NOT public"));
        builder.HasIndex(m => new { m.CaseId, m.SentAt, m.Id });
    }
}
