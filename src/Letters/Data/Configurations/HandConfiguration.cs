using Letters.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Letters.Data.Configurations;

public sealed class HandConfiguration : IEntityTypeConfiguration<Hand>
{
    public void Configure(EntityTypeBuilder<Hand> builder)
    {
        builder.ToTable("hands", t =>
        {
            t.HasCheckConstraint("ck_hands_slug", "slug ~ '^[a-z0-9][a-z0-9-]*$'");
            t.HasCheckConstraint("ck_hands_one_owner", "num_nonnulls(writer_id, client_id) = 1");
        });
        builder.Property(h => h.Slug).HasMaxLength(Hand.SlugLength);
        builder.Property(h => h.Name).HasMaxLength(120);
        builder.Property(h => h.ApprovedBy).HasMaxLength(200);
        builder.Property(h => h.State).HasConversion<WireNameConverter<HandState>>().HasMaxLength(16);
        builder.Property(h => h.Version).IsRowVersion();
        builder.HasIndex(h => h.Slug).IsUnique().HasDatabaseName("ux_hands_slug");

        // A writer has one hand (a demo one is replaced by theirs, in place); so has a client.
        builder.HasIndex(h => h.WriterId).IsUnique().HasDatabaseName("ux_hands_writer");
        builder.HasIndex(h => h.ClientId).IsUnique().HasDatabaseName("ux_hands_client");
        builder.HasOne<Writer>().WithMany().HasForeignKey(h => h.WriterId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Client>().WithMany().HasForeignKey(h => h.ClientId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class HandSampleConfiguration : IEntityTypeConfiguration<HandSample>
{
    public void Configure(EntityTypeBuilder<HandSample> builder)
    {
        builder.ToTable("hand_samples", t => t.HasCheckConstraint("ck_hand_samples_box", "box >= 0 AND box < 10000"));
        builder.HasKey(s => new { s.HandId, s.Box });
        builder.Property(s => s.Prompt).HasMaxLength(200);
        builder.Property(s => s.Traces).HasColumnType("jsonb");
        builder.HasOne<Hand>().WithMany().HasForeignKey(s => s.HandId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class HandEventConfiguration : IEntityTypeConfiguration<HandEvent>
{
    public void Configure(EntityTypeBuilder<HandEvent> builder)
    {
        builder.ToTable("hand_events");
        builder.Property(e => e.FromState).HasConversion<WireNameConverter<HandState>>().HasMaxLength(16);
        builder.Property(e => e.ToState).HasConversion<WireNameConverter<HandState>>().HasMaxLength(16);
        builder.Property(e => e.Actor).HasMaxLength(200);
        builder.Property(e => e.Note).HasMaxLength(1000);
        builder.HasIndex(e => new { e.HandId, e.Id }).HasDatabaseName("ix_hand_events_hand");
        builder.HasOne<Hand>().WithMany().HasForeignKey(e => e.HandId).OnDelete(DeleteBehavior.Cascade);
    }
}
