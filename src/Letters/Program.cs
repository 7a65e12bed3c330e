using Letters.Data;
using Letters.Domain;
using Letters.Handwriting;
using Letters.Infrastructure;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Identity;

// PDFsharp 6.5 is used under the AGPL (see README): license it once, before anything renders.
LetterRenderer.EnsureInitialized();

var builder = WebApplication.CreateBuilder(args);

var connectionString = builder.Configuration.GetConnectionString("Letters")
    ?? throw new InvalidOperationException("ConnectionStrings:Letters is not set. ./dev.sh run sets it for a private cluster.");

builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddDbContext<LettersDbContext>(options => LettersDbContext.Configure(options, connectionString));

builder.Services
    .AddIdentity<StaffUser, IdentityRole<Guid>>(options =>
    {
        options.User.RequireUniqueEmail = true;
        options.Password.RequiredLength = 10;
        options.Lockout.MaxFailedAccessAttempts = 5;
        options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
    })
    .AddEntityFrameworkStores<LettersDbContext>()
    .AddDefaultTokenProviders();

builder.Services.AddProblemDetails();
builder.Services.AddRazorPages();
builder.Services.AddHealthChecks()
    .AddDbContextCheck<LettersDbContext>("database", tags: ["ready"]);

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseStaticFiles();
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();

// Live: the process answers. Ready: it can reach its database, so a load balancer may send traffic.
app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
app.MapRazorPages();

if (app.Environment.IsDevelopment() && app.Configuration.GetValue("Letters:SeedDemoData", true))
{
    await using var scope = app.Services.CreateAsyncScope();
    await DemoSeed.RunAsync(scope.ServiceProvider);
}

await app.RunAsync();

/// <summary>Visible to <c>WebApplicationFactory</c> in the tests.</summary>
public partial class Program;
