using System.Text.Json;
using CustomerRetention.Application.BuildingBlocks.Json;
using CustomerRetention.Domain.BuildingBlocks.Jobs;
using CustomerRetention.Domain.Customers;
using CustomerRetention.Domain.FollowUps;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CustomerRetention.Infrastructure.Persistence.Configurations;

internal sealed class FollowUpTaskConfiguration : IEntityTypeConfiguration<FollowUpTask>
{
    public void Configure(EntityTypeBuilder<FollowUpTask> builder)
    {
        builder.ToTable("follow_up_tasks", t =>
        {
            t.HasCheckConstraint("ck_follow_up_tasks_due", "(due_date IS NULL) <> (due_at IS NULL)");
            t.HasCheckConstraint("ck_follow_up_tasks_status", "status IN ('open', 'completed', 'cancelled')");
        });
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.Property(t => t.Version).IsRowVersion().HasColumnName("xmin");
        builder.Property(t => t.Type).HasConversion(new KebabEnumConverter<TaskType>()).HasMaxLength(20);
        builder.Property(t => t.Priority).HasConversion(new KebabEnumConverter<TaskPriority>()).HasMaxLength(20);
        builder.Property(t => t.Status).HasConversion(new KebabEnumConverter<FollowUpStatus>()).HasMaxLength(20);
        builder.Property(t => t.Source).HasConversion(new KebabEnumConverter<TaskSource>()).HasMaxLength(20);
        builder.Property(t => t.Outcome).HasConversion(new KebabEnumConverter<TaskOutcome>()).HasMaxLength(20);
        builder.Property(t => t.Subject).HasMaxLength(FollowUpLimits.SubjectMaxLength);
        builder.Property(t => t.Note).HasMaxLength(FollowUpLimits.NoteMaxLength);
        builder.Property(t => t.CompletionNote).HasMaxLength(FollowUpLimits.NoteMaxLength);
        builder.Property(t => t.SourceRef).HasMaxLength(FollowUpLimits.SourceRefMaxLength);
        builder.Property(t => t.Reason).HasMaxLength(FollowUpLimits.ReasonMaxLength);
        builder.Property(t => t.DedupeKey).HasMaxLength(FollowUpLimits.DedupeKeyMaxLength);
        builder.Property(t => t.CompletedBy).HasMaxLength(200);
        builder.Property(t => t.CancelledBy).HasMaxLength(200);
        builder.HasOne<Customer>().WithMany().HasForeignKey(t => t.CustomerId).OnDelete(DeleteBehavior.Restrict);

        // One open task per dedupe key (SPEC §9 "idempotent by construction"): the follow-up run
        // inserts with ON CONFLICT DO NOTHING against exactly this index.
        builder.HasIndex(t => t.DedupeKey).IsUnique().HasFilter("status = 'open' AND dedupe_key IS NOT NULL")
            .HasDatabaseName("ux_follow_up_tasks_open_dedupe_key");

        // Every task ever made for a key (a birthday's year, an order): "once per year / per order".
        builder.HasIndex(t => new { t.DedupeKey, t.DueOn }).HasFilter("dedupe_key IS NOT NULL")
            .HasDatabaseName("ix_follow_up_tasks_dedupe_key_due_on");

        // The lists, soonest due first: all tasks, one customer's, one owner's.
        builder.HasIndex(t => new { t.DueOn, t.Id }).HasDatabaseName("ix_follow_up_tasks_due_on_id");
        builder.HasIndex(t => new { t.CustomerId, t.DueOn, t.Id }).HasDatabaseName("ix_follow_up_tasks_customer_due_on_id");
        builder.HasIndex(t => new { t.OwnerId, t.DueOn, t.Id }).HasFilter("status = 'open'").HasDatabaseName("ix_follow_up_tasks_open_owner_due_on_id");
    }
}

internal sealed class CadencePolicyConfiguration : IEntityTypeConfiguration<CadencePolicy>
{
    /// <summary>The example of SPEC §9.2, seeded disabled: monthly for the high-value RFM segments, quarterly for the rest.</summary>
    public static readonly Guid SeededId = new("0193a700-0000-7000-8000-00000000ca01");

    public void Configure(EntityTypeBuilder<CadencePolicy> builder)
    {
        builder.ToTable("cadence_policies");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.Version).IsRowVersion().HasColumnName("xmin");
        builder.Property(p => p.Name).HasMaxLength(FollowUpLimits.PolicyNameMaxLength);
        builder.Property(p => p.TaskType).HasConversion(new KebabEnumConverter<TaskType>()).HasMaxLength(20);
        builder.Property(p => p.Scope).HasColumnType("jsonb").HasConversion(FollowUpJson.Converter<CadenceScope>(), FollowUpJson.Comparer<CadenceScope>());
        builder.Property(p => p.Tiers).HasColumnType("jsonb").HasConversion(FollowUpJson.Converter<IReadOnlyList<CadenceTier>>(), FollowUpJson.Comparer<IReadOnlyList<CadenceTier>>());
        builder.Property(p => p.TouchTypes).HasColumnType("jsonb").HasConversion(FollowUpJson.Converter<IReadOnlyList<TouchType>>(), FollowUpJson.Comparer<IReadOnlyList<TouchType>>());
        builder.HasIndex(p => new { p.CreatedAt, p.Id }).HasDatabaseName("ix_cadence_policies_created_at_id");
    }
}

internal sealed class ReminderPolicyConfiguration : IEntityTypeConfiguration<ReminderPolicy>
{
    public void Configure(EntityTypeBuilder<ReminderPolicy> builder)
    {
        builder.ToTable("reminder_policies");
        builder.HasKey(p => p.Kind);
        builder.Property(p => p.Kind).HasConversion(new KebabEnumConverter<ReminderKind>()).HasMaxLength(20).ValueGeneratedNever();
        builder.Property(p => p.Version).IsRowVersion().HasColumnName("xmin");
        builder.Property(p => p.Birthday).HasColumnType("jsonb").HasConversion(FollowUpJson.Converter<BirthdaySettings?>(), FollowUpJson.Comparer<BirthdaySettings?>());
        builder.Property(p => p.PostPurchase).HasColumnType("jsonb").HasConversion(FollowUpJson.Converter<PostPurchaseSettings?>(), FollowUpJson.Comparer<PostPurchaseSettings?>());
    }
}

internal sealed class FollowUpRunConfiguration : IEntityTypeConfiguration<FollowUpRun>
{
    public void Configure(EntityTypeBuilder<FollowUpRun> builder)
    {
        builder.ToTable("follow_up_runs");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Status).HasConversion(new LowercaseEnumConverter<JobStatus>()).HasMaxLength(20);
        builder.Property(r => r.TimeZone).HasMaxLength(100);
        builder.Property(r => r.Results).HasColumnType("jsonb");
        builder.Property(r => r.Error).HasMaxLength(2000);
        builder.Property(r => r.ClaimedBy).HasMaxLength(200);

        // The job kit's columns (docs/decisions/0013-one-job-kit.md), written by SQL only.
        builder.Property<DateTimeOffset?>("HeartbeatAt");
        builder.Property<double?>("Progress");
        builder.HasIndex(r => new { r.Status, r.CreatedAt }).HasDatabaseName("ix_follow_up_runs_status_created_at");
    }
}

/// <summary>The follow-up policies' JSON columns, written with the API's conventions (kebab-case enums), so SQL reads the same spellings the API shows.</summary>
internal static class FollowUpJson
{
    public static ValueConverter<T, string> Converter<T>() => new(
        v => JsonSerializer.Serialize(v, ApiJson.Options),
        s => JsonSerializer.Deserialize<T>(s, ApiJson.Options)!);

    public static ValueComparer<T> Comparer<T>() => new(
        (a, b) => JsonSerializer.Serialize(a, ApiJson.Options) == JsonSerializer.Serialize(b, ApiJson.Options),
        v => JsonSerializer.Serialize(v, ApiJson.Options).GetHashCode(StringComparison.Ordinal),
        v => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(v, ApiJson.Options), ApiJson.Options)!);
}
