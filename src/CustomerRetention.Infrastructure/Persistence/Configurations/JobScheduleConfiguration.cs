using CustomerRetention.Infrastructure.BuildingBlocks.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CustomerRetention.Infrastructure.Persistence.Configurations;

internal sealed class JobScheduleConfiguration : IEntityTypeConfiguration<JobSchedule>
{
    public void Configure(EntityTypeBuilder<JobSchedule> builder)
    {
        builder.ToTable("job_schedules");
        builder.HasKey(s => s.Kind);
        builder.Property(s => s.Kind).HasMaxLength(50);
        builder.Property(s => s.Cron).HasMaxLength(200);
        builder.Property(s => s.TimeZone).HasMaxLength(100);
    }
}
