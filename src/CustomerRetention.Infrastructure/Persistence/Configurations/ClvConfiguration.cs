using CustomerRetention.Domain.BuildingBlocks.Jobs;
using CustomerRetention.Domain.Segmentation;
using CustomerRetention.Domain.Value;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CustomerRetention.Infrastructure.Persistence.Configurations;

internal sealed class ClvModelConfiguration : IEntityTypeConfiguration<ClvModel>
{
    public void Configure(EntityTypeBuilder<ClvModel> builder)
    {
        builder.ToTable("clv_models", t =>
        {
            t.HasCheckConstraint("ck_clv_models_horizon_days", $"horizon_days BETWEEN 1 AND {ClvModel.MaxHorizonDays}");
            t.HasCheckConstraint("ck_clv_models_monthly_discount_rate", "monthly_discount_rate >= 0 AND monthly_discount_rate < 1");
        });
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.Status).HasConversion(new LowercaseEnumConverter<JobStatus>()).HasMaxLength(20);
        builder.Property(m => m.BgNbdLogLikelihood).HasColumnName("bgnbd_log_likelihood");
        builder.Property(m => m.GammaGammaLogLikelihood).HasColumnName("gamma_gamma_log_likelihood");
        builder.Property(m => m.Error).HasMaxLength(2000);
        builder.Property(m => m.ClaimedBy).HasMaxLength(200);

        // The job kit's columns (docs/decisions/0013-one-job-kit.md), written by SQL only: the
        // running instance's last heartbeat and how far the job is (0–1).
        builder.Property<DateTimeOffset?>("HeartbeatAt");
        builder.Property<double?>("Progress");

        // The worker claims the oldest queued model; lists read newest first.
        builder.HasIndex(m => new { m.Status, m.CreatedAt }).HasDatabaseName("ix_clv_models_status_created_at");
        builder.HasIndex(m => new { m.CreatedAt, m.Id }).HasDatabaseName("ix_clv_models_created_at_id");
    }
}

internal sealed class ClvPredictionConfiguration : IEntityTypeConfiguration<ClvPrediction>
{
    public void Configure(EntityTypeBuilder<ClvPrediction> builder)
    {
        builder.ToTable("clv_predictions", t =>
        {
            t.HasCheckConstraint("ck_clv_predictions_churn_risk", "churn_risk IN ('high', 'medium', 'low')");
            t.HasCheckConstraint("ck_clv_predictions_clv", "clv >= 0");
        });
        builder.HasKey(p => new { p.ModelId, p.CustomerId });
        builder.Property(p => p.Frequency).HasColumnName("frequency");
        builder.Property(p => p.RecencyDays).HasColumnName("recency_days");
        builder.Property(p => p.AgeDays).HasColumnName("age_days");
        builder.Property(p => p.ExpectedAverageOrderValue).HasPrecision(16, 2);
        builder.Property(p => p.Clv).HasPrecision(16, 2);
        builder.Property(p => p.ChurnRisk).HasMaxLength(10);
        builder.HasOne<ClvModel>().WithMany().HasForeignKey(p => p.ModelId).OnDelete(DeleteBehavior.Cascade);

        builder.HasIndex(p => new { p.ModelId, p.PAlive, p.CustomerId }).HasDatabaseName("ix_clv_predictions_model_id_p_alive_customer_id");
        builder.HasIndex(p => new { p.ModelId, p.Clv, p.CustomerId }).IsDescending(false, true, false).HasDatabaseName("ix_clv_predictions_model_id_clv_customer_id");
    }
}
