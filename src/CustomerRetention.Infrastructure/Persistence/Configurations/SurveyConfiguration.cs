using CustomerRetention.Domain.Customers;
using CustomerRetention.Domain.Surveys;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CustomerRetention.Infrastructure.Persistence.Configurations;

internal sealed class SurveyConfiguration : IEntityTypeConfiguration<Survey>
{
    public void Configure(EntityTypeBuilder<Survey> builder)
    {
        builder.ToTable("surveys", t =>
        {
            t.HasCheckConstraint("ck_surveys_type", $"type IN ({KebabEnumConverter<SurveyType>.Values})");
            t.HasCheckConstraint("ck_surveys_status", $"status IN ({KebabEnumConverter<SurveyStatus>.Values})");
        });
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Version).IsRowVersion().HasColumnName("xmin");
        builder.Property(s => s.Type).HasConversion(new KebabEnumConverter<SurveyType>()).HasMaxLength(20);
        builder.Property(s => s.Status).HasConversion(new KebabEnumConverter<SurveyStatus>()).HasMaxLength(20);
        builder.Property(s => s.Name).HasMaxLength(SurveyLimits.NameMaxLength);
        builder.Property(s => s.Question).HasMaxLength(SurveyLimits.QuestionMaxLength);
        builder.HasIndex(s => new { s.CreatedAt, s.Id }).HasDatabaseName("ix_surveys_created_at_id");
    }
}

internal sealed class SurveySendConfiguration : IEntityTypeConfiguration<SurveySend>
{
    public void Configure(EntityTypeBuilder<SurveySend> builder)
    {
        builder.ToTable("survey_sends", t =>
        {
            t.HasCheckConstraint("ck_survey_sends_status", $"status IN ({KebabEnumConverter<SurveySendStatus>.Values})");
            t.HasCheckConstraint("ck_survey_sends_context", "(context_type IS NULL) = (context_id IS NULL)");
            // A delivered send has a token, except an automated one until its token is issued (dedupe_key set).
            t.HasCheckConstraint(
                "ck_survey_sends_token",
                "(token_hash IS NULL) = (status IN ('throttled', 'scheduled', 'cancelled') AND sent_at IS NULL) OR (token_hash IS NULL AND sent_at IS NOT NULL AND dedupe_key IS NOT NULL)");
        });
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Version).IsRowVersion().HasColumnName("xmin");
        builder.Property(s => s.Channel).HasConversion(new KebabEnumConverter<SurveyChannel>()).HasMaxLength(20);
        builder.Property(s => s.ContextType).HasConversion(new KebabEnumConverter<SurveyContextType>()).HasMaxLength(20);
        builder.Property(s => s.Status).HasConversion(new KebabEnumConverter<SurveySendStatus>()).HasMaxLength(20);
        builder.Property(s => s.TokenHash).HasMaxLength(64);
        builder.Property(s => s.DedupeKey).HasMaxLength(200);
        builder.HasOne<Survey>().WithMany().HasForeignKey(s => s.SurveyId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Customer>().WithMany().HasForeignKey(s => s.CustomerId).OnDelete(DeleteBehavior.Restrict);

        // The public endpoint finds a send by its token's hash.
        builder.HasIndex(s => s.TokenHash).IsUnique().HasFilter("token_hash IS NOT NULL").HasDatabaseName("ux_survey_sends_token_hash");

        // At most one automated send per key (e.g. one post-purchase survey per order), whatever the race.
        builder.HasIndex(s => s.DedupeKey).IsUnique().HasFilter("dedupe_key IS NOT NULL").HasDatabaseName("ux_survey_sends_dedupe_key");

        // The throttle: a customer's latest delivered send.
        builder.HasIndex(s => new { s.CustomerId, s.SentAt }).HasFilter("sent_at IS NOT NULL").HasDatabaseName("ix_survey_sends_customer_sent_at");

        // The expiry job: the sends still open, by when they expire.
        builder.HasIndex(s => s.ExpiresAt).HasFilter("status = 'sent'").HasDatabaseName("ix_survey_sends_open_expires_at");

        // A survey's sends, newest first.
        builder.HasIndex(s => new { s.SurveyId, s.CreatedAt, s.Id }).HasDatabaseName("ix_survey_sends_survey_created_at_id");
    }
}

internal sealed class SurveyResponseConfiguration : IEntityTypeConfiguration<SurveyResponse>
{
    public void Configure(EntityTypeBuilder<SurveyResponse> builder)
    {
        builder.ToTable("survey_responses", t =>
        {
            t.HasCheckConstraint("ck_survey_responses_score", "(survey_type = 'nps' AND score BETWEEN 0 AND 10) OR (survey_type = 'csat' AND score BETWEEN 1 AND 5)");
            t.HasCheckConstraint("ck_survey_responses_source", $"source IN ({KebabEnumConverter<SurveyResponseSource>.Values})");
        });
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.SurveyType).HasConversion(new KebabEnumConverter<SurveyType>()).HasMaxLength(20);
        builder.Property(r => r.Channel).HasConversion(new KebabEnumConverter<SurveyChannel>()).HasMaxLength(20);
        builder.Property(r => r.Source).HasConversion(new KebabEnumConverter<SurveyResponseSource>()).HasMaxLength(20);
        builder.Property(r => r.SurveyName).HasMaxLength(SurveyLimits.NameMaxLength);
        builder.Property(r => r.Comment).HasMaxLength(SurveyLimits.CommentMaxLength);
        builder.Property(r => r.Segment).HasMaxLength(100);
        builder.Property(r => r.Stage).HasMaxLength(50);
        builder.Property(r => r.RecordedBy).HasMaxLength(200);
        builder.Ignore(r => r.Category);
        builder.HasOne<Survey>().WithMany().HasForeignKey(r => r.SurveyId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<SurveySend>().WithMany().HasForeignKey(r => r.SendId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Customer>().WithMany().HasForeignKey(r => r.CustomerId).OnDelete(DeleteBehavior.Restrict);

        // At most one response per send (SPEC §9.4 "a second submit is 409"), whatever the race.
        builder.HasIndex(r => r.SendId).IsUnique().HasFilter("send_id IS NOT NULL").HasDatabaseName("ux_survey_responses_send_id");

        // A survey's responses, newest first; the analytics by period.
        builder.HasIndex(r => new { r.SurveyId, r.CreatedAt, r.Id }).HasDatabaseName("ix_survey_responses_survey_created_at_id");
        builder.HasIndex(r => new { r.SurveyType, r.RespondedAt }).HasDatabaseName("ix_survey_responses_type_responded_at");
        builder.HasIndex(r => r.CustomerId).HasDatabaseName("ix_survey_responses_customer_id");
    }
}
