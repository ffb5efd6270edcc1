using System.Text.Json;
using CustomerRetention.Domain.BuildingBlocks.Jobs;
using CustomerRetention.Domain.Segmentation;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CustomerRetention.Infrastructure.Persistence.Configurations;

internal sealed class RfmRunConfiguration : IEntityTypeConfiguration<RfmRun>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void Configure(EntityTypeBuilder<RfmRun> builder)
    {
        builder.ToTable("rfm_runs");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Status).HasConversion(new LowercaseEnumConverter<JobStatus>()).HasMaxLength(20);
        builder.Property(r => r.Policy).HasConversion(new LowercaseEnumConverter<RfmPolicy>()).HasMaxLength(20);
        builder.Property(r => r.Breakpoints).HasColumnType("jsonb").HasConversion(
            b => b == null ? null : JsonSerializer.Serialize(b, Json),
            s => s == null ? null : JsonSerializer.Deserialize<RfmBreakpoints>(s, Json),
            new ValueComparer<RfmBreakpoints?>(
                (a, b) => JsonSerializer.Serialize(a, Json) == JsonSerializer.Serialize(b, Json),
                b => JsonSerializer.Serialize(b, Json).GetHashCode(StringComparison.Ordinal),
                b => b));
        builder.Property(r => r.SegmentMap).HasColumnType("jsonb").HasConversion(
            m => m == null ? null : JsonSerializer.Serialize(m, Json),
            s => s == null ? null : JsonSerializer.Deserialize<List<SegmentCell>>(s, Json),
            new ValueComparer<IReadOnlyList<SegmentCell>?>(
                (a, b) => JsonSerializer.Serialize(a, Json) == JsonSerializer.Serialize(b, Json),
                m => JsonSerializer.Serialize(m, Json).GetHashCode(StringComparison.Ordinal),
                m => m));
        builder.Property(r => r.Error).HasMaxLength(2000);
        builder.Property(r => r.ClaimedBy).HasMaxLength(200);

        // The job kit's columns (docs/decisions/0013-one-job-kit.md), written by SQL only: the
        // running instance's last heartbeat and how far the job is (0–1).
        builder.Property<DateTimeOffset?>("HeartbeatAt");
        builder.Property<double?>("Progress");

        // The worker claims the oldest queued run; lists read newest first.
        builder.HasIndex(r => new { r.Status, r.CreatedAt }).HasDatabaseName("ix_rfm_runs_status_created_at");
        builder.HasIndex(r => new { r.CreatedAt, r.Id }).HasDatabaseName("ix_rfm_runs_created_at_id");
    }
}

internal sealed class RfmResultConfiguration : IEntityTypeConfiguration<RfmResult>
{
    /// <summary>
    /// <c>rfm_results</c> is partitioned by run (one partition per succeeded run, built and indexed
    /// by the RFM engine, then attached), so the table is created by SQL in the migration, not by
    /// EF: see <c>RfmRunsAndResults</c> and <c>RfmEngine</c>.
    /// </summary>
    public void Configure(EntityTypeBuilder<RfmResult> builder)
    {
        builder.ToTable("rfm_results", t => t.ExcludeFromMigrations());
        builder.HasKey(r => new { r.RunId, r.CustomerId });

        // No foreign-key constraint in the database (the table is not EF's): attaching a run's
        // partition would have to check a million references. The engine only writes ids it has
        // just looked up in rfm_segments, whose rows are never deleted.
        builder.HasOne(r => r.Segment).WithMany().HasForeignKey(r => r.SegmentId);
    }
}

internal sealed class RfmSegmentConfiguration : IEntityTypeConfiguration<RfmSegment>
{
    public void Configure(EntityTypeBuilder<RfmSegment> builder)
    {
        builder.ToTable("rfm_segments");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).UseIdentityByDefaultColumn();
        builder.Property(s => s.Key).HasMaxLength(50);
        builder.HasIndex(s => s.Key).IsUnique().HasDatabaseName("ux_rfm_segments_key");
    }
}

internal sealed class SegmentCellConfiguration : IEntityTypeConfiguration<SegmentCell>
{
    public void Configure(EntityTypeBuilder<SegmentCell> builder)
    {
        builder.ToTable("rfm_segment_map", t =>
        {
            t.HasCheckConstraint("ck_rfm_segment_map_r", "r BETWEEN 1 AND 5");
            t.HasCheckConstraint("ck_rfm_segment_map_f", "f BETWEEN 1 AND 5");
        });
        builder.HasKey(c => new { c.R, c.F });
        builder.Property(c => c.Segment).HasMaxLength(50);
        builder.HasData(RfmScoring.DefaultSegmentMap);
    }
}
