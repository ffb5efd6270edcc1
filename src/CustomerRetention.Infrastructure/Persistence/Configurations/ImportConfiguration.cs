using CustomerRetention.Domain.BuildingBlocks.Jobs;
using CustomerRetention.Domain.Imports;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CustomerRetention.Infrastructure.Persistence.Configurations;

internal sealed class ImportJobConfiguration : IEntityTypeConfiguration<ImportJob>
{
    public void Configure(EntityTypeBuilder<ImportJob> builder)
    {
        builder.ToTable("imports");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Id).ValueGeneratedNever();
        builder.Property(i => i.Kind).HasConversion(new LowercaseEnumConverter<ImportKind>()).HasMaxLength(20);
        builder.Property(i => i.Format).HasConversion(new LowercaseEnumConverter<ImportFormat>()).HasMaxLength(20);
        builder.Property(i => i.Status).HasConversion(new LowercaseEnumConverter<JobStatus>()).HasMaxLength(20);
        builder.Property(i => i.Actor).HasMaxLength(200);
        builder.Property(i => i.Error).HasMaxLength(2000);
        builder.Property(i => i.ClaimedBy).HasMaxLength(200);

        // The job kit's columns (ADR 0013), written by SQL only.
        builder.Property<DateTimeOffset?>("HeartbeatAt");
        builder.Property<double?>("Progress");

        builder.HasIndex(i => new { i.Status, i.CreatedAt }).HasDatabaseName("ix_imports_status_created_at");
    }
}

internal sealed class ImportRowErrorConfiguration : IEntityTypeConfiguration<ImportRowError>
{
    public void Configure(EntityTypeBuilder<ImportRowError> builder)
    {
        builder.ToTable("import_errors");
        builder.HasKey(e => new { e.ImportId, e.Row, e.Seq });
        builder.Property(e => e.Field).HasMaxLength(200);
        builder.Property(e => e.Message).HasMaxLength(2000);
        builder.HasOne<ImportJob>().WithMany().HasForeignKey(e => e.ImportId).OnDelete(DeleteBehavior.Cascade);
    }
}
