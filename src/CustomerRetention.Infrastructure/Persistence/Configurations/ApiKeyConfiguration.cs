using CustomerRetention.Domain.Access;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CustomerRetention.Infrastructure.Persistence.Configurations;

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        builder.ToTable("api_keys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Id).ValueGeneratedNever();
        builder.Property(k => k.Name).HasMaxLength(ApiKey.NameMaxLength);
        builder.Property(k => k.Role).HasConversion(new LowercaseEnumConverter<Role>()).HasMaxLength(20);
        builder.Property(k => k.Prefix).HasMaxLength(ApiKeySecret.PrefixLength);
        builder.Property(k => k.Salt).HasMaxLength(ApiKeySecret.SaltLength);
        builder.Property(k => k.Hash).HasMaxLength(32);

        // The lookup of every request with a key, and the guard against two keys sharing a prefix.
        builder.HasIndex(k => k.Prefix).IsUnique();

        // The list, newest first.
        builder.HasIndex(k => new { k.CreatedAt, k.Id });
    }
}
