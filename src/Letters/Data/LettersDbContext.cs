using Letters.Domain;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Letters.Data;

public sealed class LettersDbContext(DbContextOptions<LettersDbContext> options)
    : IdentityDbContext<StaffUser, IdentityRole<Guid>, Guid>(options)
{
    /// <summary>The assembly that holds the migrations; the app never scaffolds, it only applies.</summary>
    public const string MigrationsAssembly = "Letters.Migrations";

    public DbSet<Client> Clients => Set<Client>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<Recipient> Recipients => Set<Recipient>();
    public DbSet<Order> Orders => Set<Order>();
    public DbSet<OrderEvent> OrderEvents => Set<OrderEvent>();
    public DbSet<Writer> Writers => Set<Writer>();
    public DbSet<Queue> Queues => Set<Queue>();
    public DbSet<RoutingRule> RoutingRules => Set<RoutingRule>();
    public DbSet<Draft> Drafts => Set<Draft>();
    public DbSet<Review> Reviews => Set<Review>();
    public DbSet<Rendition> Renditions => Set<Rendition>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();
    public DbSet<AdminAction> AdminActions => Set<AdminAction>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(LettersDbContext).Assembly);
    }

    /// <summary>The one way the app, the migrator and the tests configure the provider.</summary>
    public static void Configure(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, npgsql => npgsql
            .MigrationsAssembly(MigrationsAssembly)
            .MigrationsHistoryTable("__ef_migrations_history"));
}
