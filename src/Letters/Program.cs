using Letters.Auth;
using Letters.Data;
using Letters.Domain;
using Letters.Features.Account;
using Letters.Features.Books;
using Letters.Features.Campaigns;
using Letters.Features.CatalogueApi;
using Letters.Features.Clients;
using Letters.Features.Drafting;
using Letters.Features.Orders;
using Letters.Features.Pricing;
using Letters.Features.Queue;
using Letters.Features.Recipients;
using Letters.Features.StandingOrders;
using Letters.Features.Webhooks;
using Letters.Features.Writers;
using Letters.Handwriting;
using Letters.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Identity;

// The renderer serves its fonts through PDFsharp's global font resolver: install it once, before anything renders.
LetterRenderer.EnsureInitialized();

var builder = WebApplication.CreateBuilder(args);

var connectionString = ConnectionBudget.Apply(builder.Configuration.GetConnectionString("Letters")
    ?? throw new InvalidOperationException("ConnectionStrings:Letters is not set. ./dev.sh run sets it for a private cluster."), builder.Configuration);

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddDbContextPool<LettersDbContext>(options => LettersDbContext.Configure(options, connectionString));
builder.Services.Configure<OrderingOptions>(builder.Configuration.GetSection("Letters:Ordering"));
builder.Services.Configure<RateLimitOptions>(builder.Configuration.GetSection("Letters:RateLimit"));
builder.Services.Configure<QueueOptions>(builder.Configuration.GetSection("Letters:Queue"));
builder.Services.AddOptions<PriceList>()
    .Configure(PriceList.Defaults)
    .Bind(builder.Configuration.GetSection("Letters:Prices"))
    .ValidateOnStart();
builder.Services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<PriceList>, PriceList.Validation>();
builder.Services.AddOptions<Letters.Handwriting.Pen.PlotterSettings>()
    .Bind(builder.Configuration.GetSection("Letters:Plotter"))
    .ValidateOnStart();
builder.Services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<Letters.Handwriting.Pen.PlotterSettings>, PlotterDocuments.SettingsValidation>();

// Cookies and e-mailed links are protected with a key ring kept in PostgreSQL, so every instance reads what another
// wrote and a redeploy signs nobody out (a container's own file system would lose the keys, and not share them).
builder.Services.AddDataProtection().SetApplicationName("Letters").PersistKeysToDbContext<LettersDbContext>();

// Staff (writers, admins) sign in with cookies through Identity; clients use API keys.
builder.Services
    .AddIdentity<StaffUser, IdentityRole<Guid>>(options =>
    {
        options.User.RequireUniqueEmail = true;
        options.Password.RequiredLength = AccountRules.MinimumPasswordLength;
        options.Lockout.MaxFailedAccessAttempts = 5;
        options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
    })
    .AddEntityFrameworkStores<LettersDbContext>()
    .AddClaimsPrincipalFactory<StaffClaimsFactory>()
    .AddPasswordValidator<AccountRules.StaffPasswords>()
    .AddDefaultTokenProviders();
builder.Services.AddAuthentication()
    .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
    .AddCookie(ClientAccounts.Scheme, options =>
    {
        ClientAccounts.ConfigureCookie(options);
        if (builder.Environment.IsProduction())
        {
            options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
        }
    })
    // Whichever credential the request carries: an API key, the client cookie (only when no staff cookie is
    // there), or the staff cookie. So a client on a staff page, or staff on a client page, is a 403.
    .AddPolicyScheme(StaffLogin.StaffOrClientScheme, "Staff cookie, client cookie or API key", options => options.ForwardDefaultSelector = context =>
        context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? ApiKeyAuthenticationHandler.SchemeName
            : context.Request.Cookies.ContainsKey(ClientAccounts.CookieName) && !context.Request.Cookies.ContainsKey(StaffLogin.CookieName)
                ? ClientAccounts.Scheme
                : IdentityConstants.ApplicationScheme);
builder.Services.AddLettersAuthorization();

// Every page knows who is there, whichever credential they carry: a client on the home page or a confirmation link
// sees the client's header, not a stranger's (Identity would make the staff cookie the only default).
builder.Services.Configure<AuthenticationOptions>(options => options.DefaultAuthenticateScheme = StaffLogin.StaffOrClientScheme);
builder.Services.Configure<SecurityStampValidatorOptions>(StaffLogin.ConfigureStampCheck);

// In production every cookie travels over HTTPS only: the sign-in cookies (above), and the antiforgery and TempData ones.
var cookiePolicy = builder.Environment.IsProduction() ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
builder.Services.AddAntiforgery(options => options.Cookie.SecurePolicy = cookiePolicy);
builder.Services.Configure<Microsoft.AspNetCore.Mvc.CookieTempDataProviderOptions>(options => options.Cookie.SecurePolicy = cookiePolicy);
builder.Services.ConfigureApplicationCookie(options =>
{
    StaffLogin.ConfigureCookie(options);

    // In production the staff cookie only travels over HTTPS; locally and in tests the site is plain HTTP.
    if (builder.Environment.IsProduction())
    {
        options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
    }
});

// One error format: RFC 9457 ProblemDetails, for bad JSON too (ThrowOnBadRequest lets the handler word it).
builder.Services.ConfigureHttpJsonOptions(options => ApiJson.Configure(options.SerializerOptions));
builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<ApiExceptionHandler>();
builder.Services.AddValidators(typeof(Program).Assembly);
builder.Services.AddSingleton<ApiRateLimiter>();
builder.Services.AddSingleton<FailedAuthenticationLimiter>();
builder.WebHost.ConfigureKestrel(RequestGuards.ConfigureKestrel);
builder.Services.AddSingleton<ApiKeyCache>();
builder.Services.AddScoped<ClientAccounts>();
builder.Services.AddSingleton<AccountLimits>();
builder.Services.AddOptions<PublicSiteOptions>().Configure(options => options.Url = builder.Configuration["Letters:PublicUrl"]).ValidateOnStart();
builder.Services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<PublicSiteOptions>, PublicSiteOptions.Validation>();
builder.Services.AddSingleton<PublicSite>();
builder.Services.AddOptions<SmtpOptions>().Bind(builder.Configuration.GetSection("Letters:Smtp")).ValidateOnStart();
builder.Services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<SmtpOptions>, SmtpOptions.Validation>();
if (string.IsNullOrEmpty(builder.Configuration["Letters:Smtp:Host"]))
{
    builder.Services.AddSingleton<IEmailSender, LogEmailSender>();
}
else
{
    builder.Services.AddSingleton<IEmailSender, SmtpEmailSender>();
}
builder.Services.Configure<MailOptions>(builder.Configuration.GetSection("Letters:Mail"));
builder.Services.AddSingleton<RoutingTable>();
builder.Services.Configure<Letters.Features.Webhooks.WebhookOptions>(builder.Configuration.GetSection("Letters:Webhooks"));
builder.Services.Configure<Letters.Features.Campaigns.CampaignOptions>(builder.Configuration.GetSection("Letters:Campaigns"));
builder.Services.Configure<Letters.Features.Books.BookOptions>(builder.Configuration.GetSection("Letters:Books"));

// Every background worker, one call each; Letters:Workers:{Name}:Enabled switches one off on this instance.
builder.Services.AddWorker<LeaseSweeper>(builder.Configuration);
builder.Services.AddWorker<Letters.Features.Writers.StatisticsRefresher>(builder.Configuration);
builder.Services.AddWebhookDelivery(builder.Configuration);
builder.Services.AddWorker<Letters.Features.StandingOrders.StandingOrderScheduler>(builder.Configuration);
builder.Services.AddWorker<Letters.Features.Campaigns.CampaignWorker>(builder.Configuration);
builder.Services.AddWorker<Letters.Features.Books.BookBuilder>(builder.Configuration);
builder.Services.AddWorker<MailSender>(builder.Configuration);
builder.Services.AddWorker<TestAutopilot>(builder.Configuration);
builder.Services.AddWorker<Letters.Features.Hands.HandShelfRefresher>(builder.Configuration);
builder.AddLettersTelemetry();
builder.Services.Configure<Letters.Features.Renditions.PictureOptions>(builder.Configuration.GetSection("Letters:Pictures"));
builder.Services.AddWorker<Letters.Features.Renditions.PictureMaker>(builder.Configuration);
builder.Services.AddOptions<StorageOptions>().Bind(builder.Configuration.GetSection("Letters:Storage")).ValidateOnStart();
builder.Services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<StorageOptions>, StorageOptions.Validation>();
builder.Services.AddSingleton<ObjectStore>();
builder.Services.AddSingleton<Documents>();
builder.Services.AddOptions<Letters.Features.Renditions.ImbOptions>().Bind(builder.Configuration.GetSection("Letters:Postage:Imb")).ValidateOnStart();
builder.Services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<Letters.Features.Renditions.ImbOptions>, Letters.Features.Renditions.ImbOptions.Validation>();
builder.Services.AddSingleton<Letters.Features.Renditions.MailBarcodes>();
builder.Services.AddSingleton<DocumentMover>();
builder.Services.AddOpenApi(options =>
{
    OpenApiContract.Configure(options);
    options.AddExamples();
});

// Pages live beside their use cases; each page model names its policy ([Authorize(Policy = …)]).
builder.Services.AddRazorPages(options => options.RootDirectory = "/Features")
    .AddMvcOptions(options => options.Filters.Add<FormTextFilter>());
builder.Services.AddSingleton<WarmUp>();
builder.Services.AddHealthChecks()
    .AddCheck("database", new DatabaseReachable(connectionString), tags: ["ready"])
    .AddCheck<WarmUp.Check>("warm", tags: ["ready"]);

var app = builder.Build();

// A maintenance command rather than a server: documents move --to s3|postgres.
if (await DocumentMover.RunCommandAsync(app, args))
{
    return;
}

// Drawing, HTTP calls and mail never wait inside a transaction (OutsideTransactions): the tests fail on one, production logs it.
OutsideTransactions.Strict = app.Environment.IsDevelopment() || app.Environment.IsEnvironment("Testing");
var transactionLog = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OutsideTransactions));
OutsideTransactions.Report = message => transactionLog.LogWarning("{Violation}", message);

app.Use(async (context, next) =>
{
    using var unit = OutsideTransactions.Track();
    await next(context);
});
app.UseSecurityHeaders();
app.UseErrorResponses();

// Before the rate limit and the request guards: Prometheus scrapes often, and from inside.
app.UseMetricsEndpoint();
if (!app.Environment.IsDevelopment() && !app.Environment.IsEnvironment("Testing"))
{
    app.UseHsts();
}

app.UseApiRateLimit();
app.UseRequestGuards();
app.UseStaticFiles();
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();

// Live: the process answers. Ready: it is warm and can reach its database, so a load balancer may send traffic.
app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });

app.MapOpenApi();
app.UseSwaggerUI(options =>
{
    options.SwaggerEndpoint("/openapi/v1.json", "Letters API v1");
    options.RoutePrefix = "docs";
});
app.MapOrders();
app.MapRecipients();
app.MapQuotes();
app.MapStatements();
app.MapCatalogue();
app.MapStaffLogin();
app.MapWriterQueue();
app.MapDrafts();
app.MapAdminOrders();
app.MapWriterStatistics();
app.MapWebhookEndpoints();
app.MapEventFeed();
app.MapCampaigns();
app.MapStandingOrders();
app.MapBooks();
app.MapRazorPages();

await using (var scope = app.Services.CreateAsyncScope())
{
    await FirstAdmin.EnsureAsync(scope.ServiceProvider, app.Configuration, app.Logger);
}

if (app.Environment.IsDevelopment() && app.Configuration.GetValue("Letters:SeedDemoData", true))
{
    await using var scope = app.Services.CreateAsyncScope();
    await DemoSeed.RunAsync(scope.ServiceProvider);
}

// Warm before Kestrel listens, then through its own requests before it reports ready (WarmUp).
var warmUp = app.Services.GetRequiredService<WarmUp>();
await warmUp.RunAsync(app.Lifetime.ApplicationStopping);
app.Lifetime.ApplicationStarted.Register(() => _ = Task.Run(() => warmUp.RequestsAsync(WarmUp.Loopback(app.Urls), app.Lifetime.ApplicationStopping)));

await app.RunAsync();

/// <summary>Visible to <c>WebApplicationFactory</c> in the tests.</summary>
public partial class Program;
