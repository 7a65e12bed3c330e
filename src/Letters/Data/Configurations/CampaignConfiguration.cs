using System.Text.Json;
using Letters.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Letters.Data.Configurations;

public sealed class CampaignConfiguration : IEntityTypeConfiguration<Campaign>
{
    public void Configure(EntityTypeBuilder<Campaign> builder)
    {
        builder.ToTable("campaigns");
        builder.Property(c => c.Name).HasMaxLength(100);
        builder.Property(c => c.Kind).HasConversion<WireNameConverter<CampaignKind>>().HasMaxLength(16);
        builder.Property(c => c.State).HasConversion<WireNameConverter<CampaignState>>().HasMaxLength(16);
        builder.Property(c => c.Occasion).HasMaxLength(32);
        LetterSettingsConfiguration.Configure(builder);
        builder.Property(c => c.Brief).HasMaxLength(5000);
        builder.Property(c => c.FailureReason).HasMaxLength(1000);
        builder.Property(c => c.FileProblems).HasColumnType("jsonb")
            .HasConversion(new CampaignRowConfiguration.ProblemsConverter(), new CampaignRowConfiguration.ProblemsComparer());
        builder.Property(c => c.Version).IsRowVersion();
        builder.HasIndex(c => new { c.ClientId, c.IsTest, c.CreatedAt }).HasDatabaseName("ix_campaigns_client");

        // The workers look only at campaigns with work in them.
        builder.HasIndex(c => c.UpdatedAt).HasDatabaseName("ix_campaigns_working")
            .HasFilter($"state IN ({StateSql.In(Campaign.Working)})");
        builder.HasOne<Client>().WithMany().HasForeignKey(c => c.ClientId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class CampaignEventConfiguration : IEntityTypeConfiguration<CampaignEvent>
{
    public void Configure(EntityTypeBuilder<CampaignEvent> builder)
    {
        builder.ToTable("campaign_events");
        builder.Property(e => e.Id).UseIdentityAlwaysColumn();
        builder.Property(e => e.FromState).HasConversion<WireNameConverter<CampaignState>>().HasMaxLength(16);
        builder.Property(e => e.ToState).HasConversion<WireNameConverter<CampaignState>>().HasMaxLength(16);
        builder.Property(e => e.Note).HasMaxLength(1000);
        builder.HasIndex(e => new { e.CampaignId, e.Id }).HasDatabaseName("ix_campaign_events_campaign");
        builder.HasIndex(e => e.Id, "ix_campaign_events_unrelayed").HasDatabaseName("ix_campaign_events_unrelayed").HasFilter("NOT relayed");
        builder.HasOne<Campaign>().WithMany().HasForeignKey(e => e.CampaignId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class CampaignUploadConfiguration : IEntityTypeConfiguration<CampaignUpload>
{
    public void Configure(EntityTypeBuilder<CampaignUpload> builder)
    {
        builder.ToTable("campaign_uploads");
        builder.Property(u => u.FileName).HasMaxLength(255);
        builder.Property(u => u.Sha256).HasMaxLength(64).IsFixedLength();
        builder.HasOne<Document>().WithMany().HasForeignKey(u => u.Sha256).OnDelete(DeleteBehavior.Restrict);

        // The same file sent to a campaign twice is the first upload, even when the two race.
        builder.HasIndex(u => new { u.CampaignId, u.Sha256 }).IsUnique().HasDatabaseName("ux_campaign_uploads_file");
        builder.HasOne<Campaign>().WithMany().HasForeignKey(u => u.CampaignId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class CampaignRowConfiguration : IEntityTypeConfiguration<CampaignRow>
{
    public void Configure(EntityTypeBuilder<CampaignRow> builder)
    {
        builder.ToTable("campaign_rows");
        builder.HasKey(r => new { r.CampaignId, r.RowNumber });
        builder.Property(r => r.Custom).HasColumnType("jsonb").HasConversion(new MetadataConverter(), new MetadataComparer());
        builder.Property(r => r.Problems).HasColumnType("jsonb").HasConversion(new ProblemsConverter(), new ProblemsComparer());

        // The import takes the next valid rows that have no order yet, in row order.
        builder.HasIndex(r => new { r.CampaignId, r.RowNumber }, "ix_campaign_rows_to_import").HasDatabaseName("ix_campaign_rows_to_import").HasFilter("valid AND order_id IS NULL");
        builder.HasIndex(r => new { r.CampaignId, r.RowNumber }, "ix_campaign_rows_problems").HasDatabaseName("ix_campaign_rows_problems").HasFilter("has_problems");
        builder.HasOne<Campaign>().WithMany().HasForeignKey(r => r.CampaignId).OnDelete(DeleteBehavior.Cascade);
    }

    public sealed class ProblemsConverter() : ValueConverter<List<CampaignProblem>, string>(
        value => ToJson(value),
        json => JsonSerializer.Deserialize<List<CampaignProblem>>(json, (JsonSerializerOptions?)null) ?? new List<CampaignProblem>())
    {
        /// <summary>The stored form, for the rows written by COPY.</summary>
        public static string ToJson(List<CampaignProblem> value) => JsonSerializer.Serialize(value, (JsonSerializerOptions?)null);
    }

    public sealed class ProblemsComparer() : ValueComparer<List<CampaignProblem>>(
        (a, b) => a!.SequenceEqual(b!),
        value => value.Aggregate(0, (hash, p) => HashCode.Combine(hash, p)),
        value => value.ToList());
}
