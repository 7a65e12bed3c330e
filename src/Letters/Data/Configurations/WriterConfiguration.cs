using Letters.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Letters.Data.Configurations;

public sealed class WriterConfiguration : IEntityTypeConfiguration<Writer>
{
    public void Configure(EntityTypeBuilder<Writer> builder)
    {
        builder.ToTable("writers", t => t.HasCheckConstraint("ck_writers_capacity", "capacity BETWEEN 0 AND 50"));
        builder.Property(w => w.DisplayName).HasMaxLength(200);

        builder.HasIndex(w => w.UserId).IsUnique().HasDatabaseName("ux_writers_user_id");
        builder.HasOne<StaffUser>().WithOne().HasForeignKey<Writer>(w => w.UserId).OnDelete(DeleteBehavior.Restrict);
    }
}
