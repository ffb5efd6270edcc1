using CustomerRetention.Application.ServiceLevels;
using CustomerRetention.Domain.ServiceLevels;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CustomerRetention.Infrastructure.Persistence.Configurations;

internal sealed class BusinessCalendarConfiguration : IEntityTypeConfiguration<BusinessCalendar>
{
    /// <summary>The seeded default calendar: Monday–Friday 09:00–17:00 in UTC (operators set their zone).</summary>
    public static readonly Guid SeededId = new("0193a700-0000-7000-8000-0000000051a1");

    public void Configure(EntityTypeBuilder<BusinessCalendar> builder)
    {
        builder.ToTable("business_calendars");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Version).IsRowVersion().HasColumnName("xmin");
        builder.Property(c => c.Name).HasMaxLength(ServiceLevelLimits.NameMaxLength);
        builder.Property(c => c.TimeZone).HasMaxLength(ServiceLevelLimits.TimeZoneMaxLength);
        builder.Property(c => c.Weekly).HasColumnType("jsonb").HasConversion(FollowUpJson.Converter<IReadOnlyList<WeeklyInterval>>(), FollowUpJson.Comparer<IReadOnlyList<WeeklyInterval>>());
        builder.Property(c => c.Holidays).HasColumnType("jsonb").HasConversion(FollowUpJson.Converter<IReadOnlyList<Holiday>>(), FollowUpJson.Comparer<IReadOnlyList<Holiday>>());
        builder.HasIndex(c => new { c.CreatedAt, c.Id }).HasDatabaseName("ix_business_calendars_created_at_id");
    }
}

internal sealed class SlaPolicyConfiguration : IEntityTypeConfiguration<SlaPolicy>
{
    /// <summary>The seeded default policy (business hours on the seeded calendar).</summary>
    public static readonly Guid SeededId = new("0193a700-0000-7000-8000-0000000051a2");

    public void Configure(EntityTypeBuilder<SlaPolicy> builder)
    {
        builder.ToTable("sla_policies", t =>
        {
            t.HasCheckConstraint("ck_sla_policies_hours_mode", "hours_mode IN ('business', 'calendar')");
            t.HasCheckConstraint("ck_sla_policies_business_calendar", "hours_mode <> 'business' OR calendar_id IS NOT NULL");
            t.HasCheckConstraint("ck_sla_policies_warn_at_percent", "warn_at_percent BETWEEN 1 AND 99");
        });
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.Version).IsRowVersion().HasColumnName("xmin");
        builder.Property(p => p.Name).HasMaxLength(ServiceLevelLimits.NameMaxLength);
        builder.Property(p => p.HoursMode).HasConversion(new KebabEnumConverter<HoursMode>()).HasMaxLength(20);
        builder.Property(p => p.Conditions).HasColumnType("jsonb").HasConversion(FollowUpJson.Converter<SlaConditions>(), FollowUpJson.Comparer<SlaConditions>());
        builder.Property(p => p.Targets).HasColumnType("jsonb").HasConversion(FollowUpJson.Converter<IReadOnlyList<SlaTarget>>(), FollowUpJson.Comparer<IReadOnlyList<SlaTarget>>());
        builder.HasOne<BusinessCalendar>().WithMany().HasForeignKey(p => p.CalendarId).OnDelete(DeleteBehavior.Restrict);

        // Exactly one default (SPEC §9.3): at most one by this index, at least one because the
        // default is seeded and can be neither deleted nor unset.
        builder.HasIndex(p => p.IsDefault).IsUnique().HasFilter("is_default").HasDatabaseName(SlaPolicyWrites.DefaultIndex);

        // The evaluation order, which is also the list order.
        builder.HasIndex(p => new { p.IsDefault, p.Position, p.CreatedAt, p.Id }).HasDatabaseName("ix_sla_policies_evaluation_order");
    }
}

internal sealed class SlaPolicyVersionConfiguration : IEntityTypeConfiguration<SlaPolicyVersion>
{
    public void Configure(EntityTypeBuilder<SlaPolicyVersion> builder)
    {
        // No foreign key to sla_policies: a deleted policy's versions stay for the cases that recorded them.
        builder.ToTable("sla_policy_versions");
        builder.HasKey(v => new { v.PolicyId, v.Version });
        builder.Property(v => v.Details).HasColumnType("jsonb").HasConversion(FollowUpJson.Converter<SlaPolicyDetails>(), FollowUpJson.Comparer<SlaPolicyDetails>());
    }
}
