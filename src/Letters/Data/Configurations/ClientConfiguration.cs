using Letters.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Letters.Data.Configurations;

public sealed class ClientConfiguration : IEntityTypeConfiguration<Client>
{
    public void Configure(EntityTypeBuilder<Client> builder)
    {
        builder.ToTable("clients");
        builder.Property(c => c.Name).HasMaxLength(200);
        builder.Property(c => c.Email).HasMaxLength(320);
        builder.HasIndex(c => c.Email).IsUnique().HasDatabaseName("ix_clients_email");
        builder.HasIndex(c => new { c.Name, c.Email }).HasDatabaseName("ix_clients_search_trgm").HasMethod("gin").HasOperators("gin_trgm_ops", "gin_trgm_ops");
    }
}
