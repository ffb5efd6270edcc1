using CustomerRetention.Infrastructure.BuildingBlocks.Idempotency;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CustomerRetention.Infrastructure.Persistence.Configurations;

internal sealed class IdempotencyKeyConfiguration : IEntityTypeConfiguration<IdempotencyKeyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyKeyRecord> builder)
    {
        builder.ToTable("idempotency_keys");

        // Keys are per caller: the same key of two callers is two records.
        builder.HasKey(k => new { k.Caller, k.Key });
        builder.Property(k => k.Caller).HasMaxLength(IdempotencyKeyRecord.CallerMaxLength);
        builder.Property(k => k.Key).HasMaxLength(IdempotencyKeyRecord.KeyMaxLength);
        builder.Property(k => k.Fingerprint).HasMaxLength(32);
        builder.Property(k => k.Status).HasMaxLength(20);
        builder.Property(k => k.ResponseLocation).HasMaxLength(2000);
        builder.Property(k => k.ResponseETag).HasMaxLength(200);
        builder.Property(k => k.ResponseContentType).HasMaxLength(200);
        builder.Property(k => k.ResponseETag).HasColumnName("response_etag"); // not response_e_tag

        // Commit marks, completions and releases address the attempt, not the key.
        builder.HasIndex(k => k.ClaimId).IsUnique();

        // The clean-up job's scan.
        builder.HasIndex(k => k.ExpiresAt);
    }
}
