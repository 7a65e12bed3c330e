using Letters.Domain;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Letters.Data;

public sealed class LettersDbContext(DbContextOptions<LettersDbContext> options)
    : IdentityDbContext<StaffUser, IdentityRole<Guid>, Guid>(options), IDataProtectionKeyContext
{
    /// <summary>The assembly that holds the migrations; the app never scaffolds, it only applies.</summary>
    public const string MigrationsAssembly = "Letters.Migrations";

    public DbSet<Client> Clients => Set<Client>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<Recipient> Recipients => Set<Recipient>();
    public DbSet<Order> Orders => Set<Order>();
    public DbSet<Quote> Quotes => Set<Quote>();
    public DbSet<OrderEvent> OrderEvents => Set<OrderEvent>();
    public DbSet<Writer> Writers => Set<Writer>();
    public DbSet<Hand> Hands => Set<Hand>();
    public DbSet<HandSample> HandSamples => Set<HandSample>();
    public DbSet<HandEvent> HandEvents => Set<HandEvent>();
    public DbSet<Queue> Queues => Set<Queue>();
    public DbSet<RoutingRule> RoutingRules => Set<RoutingRule>();
    public DbSet<Draft> Drafts => Set<Draft>();
    public DbSet<Review> Reviews => Set<Review>();
    public DbSet<Rendition> Renditions => Set<Rendition>();
    public DbSet<Thumbnail> Thumbnails => Set<Thumbnail>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();
    public DbSet<AdminAction> AdminActions => Set<AdminAction>();
    public DbSet<DeliveryDay> DeliveryDays => Set<DeliveryDay>();
    public DbSet<StatementTotal> StatementTotals => Set<StatementTotal>();
    public DbSet<ClientOrderCount> ClientOrderCounts => Set<ClientOrderCount>();
    /// <summary>ASP.NET Core's key ring (sign-in cookies, e-mailed links), shared by every app instance and kept across deploys.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<StandingOrder> StandingOrders => Set<StandingOrder>();
    public DbSet<StandingOrderYear> StandingOrderYears => Set<StandingOrderYear>();
    public DbSet<Campaign> Campaigns => Set<Campaign>();
    public DbSet<CampaignEvent> CampaignEvents => Set<CampaignEvent>();
    public DbSet<CampaignUpload> CampaignUploads => Set<CampaignUpload>();
    public DbSet<CampaignRow> CampaignRows => Set<CampaignRow>();
    public DbSet<Book> Books => Set<Book>();
    public DbSet<BookEvent> BookEvents => Set<BookEvent>();
    public DbSet<BookFile> BookFiles => Set<BookFile>();
    public DbSet<WebhookEndpoint> WebhookEndpoints => Set<WebhookEndpoint>();
    public DbSet<WebhookMessage> WebhookMessages => Set<WebhookMessage>();
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();
    public DbSet<OutgoingMail> OutgoingMail => Set<OutgoingMail>();
    public DbSet<Document> Documents => Set<Document>();
    public DbSet<PictureJob> PictureJobs => Set<PictureJob>();
    public DbSet<WebhookAttempt> WebhookAttempts => Set<WebhookAttempt>();
    public DbSet<Configurations.WebhookRelayCursor> WebhookRelayCursors => Set<Configurations.WebhookRelayCursor>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.HasPostgresExtension("pg_trgm");

        // Intelligent Mail serials: 9 digits at most, going round (USPS asks them unique for 45 days).
        builder.HasSequence<long>("mail_serials").HasMax(999_999_999).IsCyclic();
        builder.ApplyConfigurationsFromAssembly(typeof(LettersDbContext).Assembly);
    }

    /// <summary>Every enum is stored as its wire name (in_review, not 3), so the database reads like the API.</summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<OrderStatus>().HaveConversion<WireNameConverter<OrderStatus>>().HaveMaxLength(32);
        configurationBuilder.Properties<ActorKind>().HaveConversion<WireNameConverter<ActorKind>>().HaveMaxLength(16);
        configurationBuilder.Properties<Availability>().HaveConversion<WireNameConverter<Availability>>().HaveMaxLength(16);
        configurationBuilder.Properties<ApiKeyMode>().HaveConversion<WireNameConverter<ApiKeyMode>>().HaveMaxLength(8);
        configurationBuilder.Properties<ReviewDecision>().HaveConversion<WireNameConverter<ReviewDecision>>().HaveMaxLength(24);
        configurationBuilder.Properties<RenditionKind>().HaveConversion<WireNameConverter<RenditionKind>>().HaveMaxLength(8);
        configurationBuilder.Properties<Price>().HaveConversion<PriceConverter>().HaveColumnType("jsonb");
        configurationBuilder.Properties<ReturnAddress>().HaveConversion<ReturnAddressConverter>().HaveColumnType("jsonb");
    }

    /// <summary>The one way the app, the migrator and the tests configure the provider: snake_case names by convention.</summary>
    public static void Configure(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(EffectiveConnectionString(connectionString), npgsql => npgsql
                .MigrationsAssembly(MigrationsAssembly)
                .MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention()
            .AddInterceptors(Features.Orders.OrderTransitionEffects.Instance, Infrastructure.OutsideTransactions.Interceptor.Instance);

    /// <summary>
    /// The app sends the same few dozen statements all day; prepared once per connection, PostgreSQL stops
    /// planning them on every call (+35% orders/s in the load harness). A connection string that sets
    /// <c>Max Auto Prepare</c> itself wins. Npgsql pools by connection string, so this is also the key of the
    /// app's pool.
    /// </summary>
    public static string EffectiveConnectionString(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Replace(" ", string.Empty, StringComparison.Ordinal).Contains("AutoPrepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxAutoPrepare = 64;
        }

        return builder.ConnectionString;
    }
}

/// <summary>Stores an enum as its wire name (<see cref="WireNames"/>).</summary>
public sealed class WireNameConverter<TEnum>() : ValueConverter<TEnum, string>(value => WireNames.Of(value), text => WireNames.Parse<TEnum>(text))
    where TEnum : struct, Enum;
