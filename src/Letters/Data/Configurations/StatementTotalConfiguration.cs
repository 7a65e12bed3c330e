using Letters.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Letters.Data.Configurations;

public sealed class StatementTotalConfiguration : IEntityTypeConfiguration<StatementTotal>
{
    public void Configure(EntityTypeBuilder<StatementTotal> builder)
    {
        builder.ToTable("statement_totals");
        builder.HasKey(t => new { t.ClientId, t.IsTest, t.Month, t.Currency, t.Shard });
        builder.Property(t => t.Currency).HasMaxLength(3);
        builder.HasOne<Client>().WithMany().HasForeignKey(t => t.ClientId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class ClientOrderCountConfiguration : IEntityTypeConfiguration<ClientOrderCount>
{
    public void Configure(EntityTypeBuilder<ClientOrderCount> builder)
    {
        builder.ToTable("client_order_counts");
        builder.HasKey(c => new { c.ClientId, c.IsTest, c.Shard });
        builder.HasOne<Client>().WithMany().HasForeignKey(c => c.ClientId).OnDelete(DeleteBehavior.Cascade);
    }
}
