using CustomerRetention.Domain.Alerts;
using CustomerRetention.Domain.BuildingBlocks.Jobs;
using CustomerRetention.Domain.Customers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CustomerRetention.Infrastructure.Persistence.Configurations;

internal sealed class AlertRuleConfiguration : IEntityTypeConfiguration<AlertRule>
{
    public void Configure(EntityTypeBuilder<AlertRule> builder)
    {
        builder.ToTable("alert_rules");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.RowVersion).IsRowVersion().HasColumnName("xmin");
        builder.Property(r => r.Key).HasMaxLength(AlertRule.KeyMaxLength);
        builder.Property(r => r.Name).HasMaxLength(AlertRule.NameMaxLength);
        builder.Property(r => r.Description).HasMaxLength(AlertRule.DescriptionMaxLength);
        builder.Property(r => r.Kind).HasConversion(new KebabEnumConverter<AlertKind>()).HasMaxLength(30);

        // Canonical JSON text written by the application (ADR 25): read back byte for byte, so a
        // rule compares its documents as strings and a version changes only on a real change.
        builder.Property(r => r.Params).HasColumnType("text");
        builder.Property(r => r.Scope).HasColumnType("text");
        builder.Property(r => r.Severity).HasColumnType("text");
        builder.Property(r => r.ActionsOnOpen).HasColumnType("text");
        builder.ToTable(t =>
        {
            t.HasCheckConstraint("ck_alert_rules_kind", $"kind IN ({KebabEnumConverter<AlertKind>.Values})");
            t.HasCheckConstraint("ck_alert_rules_cooldown_days", $"cooldown_days BETWEEN 0 AND {AlertRule.MaxCooldownDays}");
            t.HasCheckConstraint("ck_alert_rules_version", "version >= 1");
        });

        // A key names one live rule; a deleted rule's key can be used again.
        builder.HasIndex(r => r.Key).IsUnique().HasFilter("deleted_at IS NULL").HasDatabaseName("ux_alert_rules_key_live");
        builder.HasIndex(r => new { r.CreatedAt, r.Id }).HasFilter("deleted_at IS NULL");
    }
}

internal sealed class AlertConfiguration : IEntityTypeConfiguration<Alert>
{
    public void Configure(EntityTypeBuilder<Alert> builder)
    {
        builder.ToTable("alerts");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.RowVersion).IsRowVersion().HasColumnName("xmin");
        builder.Property(a => a.Kind).HasConversion(new KebabEnumConverter<AlertKind>()).HasMaxLength(30);
        builder.Property(a => a.Status).HasConversion(new KebabEnumConverter<AlertStatus>()).HasMaxLength(20);
        builder.Property(a => a.Severity).HasConversion(new KebabEnumConverter<AlertSeverity>()).HasMaxLength(20);
        builder.Property(a => a.Outcome).HasConversion(new KebabEnumConverter<AlertOutcome>()).HasMaxLength(20);
        builder.Property(a => a.DedupeKey).HasMaxLength(200);
        builder.Property(a => a.Title).HasMaxLength(Alert.TitleMaxLength);
        builder.Property(a => a.Reason).HasMaxLength(2000);
        builder.Property(a => a.Evidence).HasColumnType("jsonb");
        builder.Property(a => a.Score).HasColumnType("numeric");
        builder.Property(a => a.AcknowledgedBy).HasMaxLength(200);
        builder.Property(a => a.ClosedBy).HasMaxLength(200);
        builder.Property(a => a.SnoozeReason).HasMaxLength(Alert.NoteMaxLength);
        builder.Property(a => a.Note).HasMaxLength(Alert.NoteMaxLength);
        builder.HasOne<AlertRule>().WithMany().HasForeignKey(a => a.RuleId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Customer>().WithMany().HasForeignKey(a => a.CustomerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(a => a.History).WithOne().HasForeignKey(h => h.AlertId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(a => a.History).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.ToTable(t =>
        {
            t.HasCheckConstraint("ck_alerts_status", $"status IN ({KebabEnumConverter<AlertStatus>.Values})");
            t.HasCheckConstraint("ck_alerts_severity", $"severity IN ({KebabEnumConverter<AlertSeverity>.Values})");
            t.HasCheckConstraint("ck_alerts_occurrences", "occurrences >= 1");
        });

        // SPEC §9.1: at most one active alert per dedupe key; evaluations insert with ON CONFLICT DO NOTHING against it.
        builder.HasIndex(a => a.DedupeKey).IsUnique().HasFilter("status IN ('open', 'acknowledged', 'snoozed')").HasDatabaseName("ux_alerts_dedupe_key_active");

        // The cool-down: the latest closed alert of a key.
        builder.HasIndex(a => new { a.DedupeKey, a.ClosedAt }).HasFilter("status IN ('resolved', 'dismissed')").HasDatabaseName("ix_alerts_dedupe_key_closed");

        // An evaluation's auto-resolve: the rule's active alerts.
        builder.HasIndex(a => new { a.RuleId, a.CustomerId }).HasFilter("status IN ('open', 'acknowledged', 'snoozed')").HasDatabaseName("ix_alerts_rule_customer_active");

        // The lists, newest first: all, a customer's, an assignee's.
        builder.HasIndex(a => new { a.CreatedAt, a.Id });
        builder.HasIndex(a => new { a.CustomerId, a.CreatedAt, a.Id });
        builder.HasIndex(a => new { a.AssigneeId, a.CreatedAt, a.Id });
    }
}

internal sealed class AlertHistoryConfiguration : IEntityTypeConfiguration<AlertHistoryEntry>
{
    public void Configure(EntityTypeBuilder<AlertHistoryEntry> builder)
    {
        builder.ToTable("alert_history");
        builder.HasKey(h => h.Id);
        builder.Property(h => h.Id).ValueGeneratedNever();
        builder.Property(h => h.Actor).HasMaxLength(200);
        builder.Property(h => h.FromStatus).HasConversion(new KebabEnumConverter<AlertStatus>()).HasMaxLength(20);
        builder.Property(h => h.ToStatus).HasConversion(new KebabEnumConverter<AlertStatus>()).HasMaxLength(20);
        builder.Property(h => h.FromSeverity).HasConversion(new KebabEnumConverter<AlertSeverity>()).HasMaxLength(20);
        builder.Property(h => h.ToSeverity).HasConversion(new KebabEnumConverter<AlertSeverity>()).HasMaxLength(20);
        builder.Property(h => h.Note).HasMaxLength(Alert.NoteMaxLength);
        builder.HasIndex(h => new { h.AlertId, h.At, h.Id });
    }
}

internal sealed class AlertEvaluationConfiguration : IEntityTypeConfiguration<AlertEvaluation>
{
    public void Configure(EntityTypeBuilder<AlertEvaluation> builder)
    {
        builder.ToTable("alert_evaluations");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Status).HasConversion(new LowercaseEnumConverter<JobStatus>()).HasMaxLength(20);
        builder.Property(e => e.Trigger).HasConversion(new KebabEnumConverter<EvaluationTrigger>()).HasMaxLength(20);
        builder.Property(e => e.Figures).HasColumnType("text");
        builder.Property(e => e.Error).HasMaxLength(2000);
        builder.Property(e => e.ClaimedBy).HasMaxLength(200);

        // The job kit's columns (ADR 13), written by SQL only.
        builder.Property<DateTimeOffset?>("HeartbeatAt");
        builder.Property<double?>("Progress");
        builder.HasOne<AlertRule>().WithMany().HasForeignKey(e => e.RuleId).OnDelete(DeleteBehavior.Restrict);

        // SPEC §9.1: the same (rule version, asOf) is evaluated once (a failed one may be asked again).
        builder.HasIndex(e => new { e.RuleId, e.RuleVersion, e.AsOf }).IsUnique().HasFilter("status <> 'failed'").HasDatabaseName("ux_alert_evaluations_rule_version_as_of");
        builder.HasIndex(e => new { e.Status, e.CreatedAt });
    }
}
