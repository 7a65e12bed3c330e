using Letters.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Letters.Data.Configurations;

public sealed class StandingOrderConfiguration : IEntityTypeConfiguration<StandingOrder>
{
    public const string StandingOrderSameDate = "ux_standing_orders_same_date";

    public void Configure(EntityTypeBuilder<StandingOrder> builder)
    {
        builder.ToTable("standing_orders", t =>
        {
            t.HasCheckConstraint("ck_standing_orders_date", "month BETWEEN 1 AND 12 AND day BETWEEN 1 AND 31");
            t.HasCheckConstraint("ck_standing_orders_lead", "lead_days BETWEEN 2 AND 120");
        });
        builder.Property(s => s.Occasion).HasMaxLength(32);
        builder.Property(s => s.OccasionName).HasMaxLength(100);
        builder.Property(s => s.TimeZone).HasMaxLength(64);
        builder.Property(s => s.LeapDay).HasConversion<WireNameConverter<LeapDayRule>>().HasMaxLength(16);
        LetterSettingsConfiguration.Configure(builder);
        builder.Property(s => s.Brief).HasMaxLength(5000);
        builder.Property(s => s.PausedReason).HasMaxLength(500);
        builder.Property(s => s.Version).IsRowVersion();
        builder.HasIndex(s => new { s.ClientId, s.IsTest, s.CreatedAt }).HasDatabaseName("ix_standing_orders_client");

        // One yearly letter for one occasion on one date to one person: a second would write them the same letter twice.
        builder.HasIndex(s => new { s.RecipientId, s.IsTest, s.Occasion, s.Month, s.Day, s.OccasionName }).IsUnique().AreNullsDistinct(false)
            .HasDatabaseName(StandingOrderSameDate);
        builder.HasOne<Client>().WithMany().HasForeignKey(s => s.ClientId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(s => s.Recipient).WithMany().HasForeignKey(s => s.RecipientId).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class StandingOrderYearConfiguration : IEntityTypeConfiguration<StandingOrderYear>
{
    public void Configure(EntityTypeBuilder<StandingOrderYear> builder)
    {
        builder.ToTable("standing_order_years");

        // One row a year: the scheduler's insert of a year's order fails on it rather than placing a second.
        builder.HasKey(y => new { y.StandingOrderId, y.Year });
        builder.Property(y => y.Note).HasMaxLength(2000);
        builder.Property(y => y.MissedReason).HasMaxLength(2000);
        builder.HasIndex(y => y.OrderId).IsUnique().HasDatabaseName("ux_standing_order_years_order").HasFilter("order_id IS NOT NULL");
        builder.HasOne<StandingOrder>().WithMany().HasForeignKey(y => y.StandingOrderId).OnDelete(DeleteBehavior.Cascade);
    }
}
