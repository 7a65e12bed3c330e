using Letters.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Letters.Data.Configurations;

public sealed class WriterConfiguration : IEntityTypeConfiguration<Writer>
{
    public void Configure(EntityTypeBuilder<Writer> builder)
    {
        builder.ToTable("writers", t => t.HasCheckConstraint("ck_writers_capacity", "capacity BETWEEN 0 AND 50"));
        builder.HasKey(w => w.Id).HasName("pk_writers");
        builder.Property(w => w.Id).HasColumnName("id");
        builder.Property(w => w.UserId).HasColumnName("user_id");
        builder.Property(w => w.DisplayName).HasColumnName("display_name").HasMaxLength(200);
        builder.Property(w => w.Skills).HasColumnName("skills");
        builder.Property(w => w.Languages).HasColumnName("languages");
        builder.Property(w => w.Capacity).HasColumnName("capacity");
        builder.Property(w => w.Availability).HasColumnName("availability").HasMaxLength(16)
            .HasConversion(new SnakeCaseEnumConverter<Availability>());
        builder.Property(w => w.AvailabilityChangedAt).HasColumnName("availability_changed_at");
        builder.Property(w => w.LastSeenAt).HasColumnName("last_seen_at");
        builder.Property(w => w.IsActive).HasColumnName("is_active");
        builder.Property(w => w.CreatedAt).HasColumnName("created_at");

        builder.HasIndex(w => w.UserId).IsUnique().HasDatabaseName("ux_writers_user_id");
        builder.HasOne<StaffUser>().WithOne().HasForeignKey<Writer>(w => w.UserId)
            .HasConstraintName("fk_writers_users_user_id").OnDelete(DeleteBehavior.Restrict);
    }
}
