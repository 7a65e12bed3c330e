using Letters.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Letters.Data.Configurations;

public sealed class DeliveryDayConfiguration : IEntityTypeConfiguration<DeliveryDay>
{
    public void Configure(EntityTypeBuilder<DeliveryDay> builder)
    {
        builder.ToTable("delivery_days");
        builder.HasKey(d => d.Day);
    }
}
