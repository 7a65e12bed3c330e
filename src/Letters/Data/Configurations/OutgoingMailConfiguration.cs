using Letters.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Letters.Data.Configurations;

public sealed class OutgoingMailConfiguration : IEntityTypeConfiguration<OutgoingMail>
{
    public void Configure(EntityTypeBuilder<OutgoingMail> builder)
    {
        builder.ToTable("outgoing_mail");
        builder.Property(m => m.Recipient).HasMaxLength(320);
        builder.Property(m => m.Subject).HasMaxLength(300);
        builder.Property(m => m.Text).HasMaxLength(20_000);
        builder.Property(m => m.LastError).HasMaxLength(1000);

        // The sender reads only what waits, soonest first: the sent history never slows its claim.
        builder.HasIndex(m => m.NextAttemptAt).HasDatabaseName("ix_outgoing_mail_waiting")
            .HasFilter("sent_at IS NULL AND failed_at IS NULL");
    }
}
