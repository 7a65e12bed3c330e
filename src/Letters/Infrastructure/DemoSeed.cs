using Letters.Auth;
using Letters.Data;
using Letters.Domain;
using Letters.Handwriting.Hands;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Letters.Infrastructure;

/// <summary>
/// Development-only demo data: an admin, three writers, a business client with a known test key, a person who
/// signs in to the client web app with a live key, and queues.
/// Running it twice changes nothing. The logins and the key are documented in the README.
/// </summary>
public static class DemoSeed
{
    public const string Password = "Letters-demo-1";
    public const string AdminEmail = "admin@letters.local";
    public const string ClientTestKey = "lt_test_demo0000000000000000000000000000000000000000000000000000000001";

    /// <summary>The second demo client: a person who signs in to the web app, with a confirmed address and a live key.</summary>
    public const string PersonEmail = "henri@client.example";
    public const string PersonLiveKey = "lt_live_demo0000000000000000000000000000000000000000000000000000000002";

    public static readonly (string Email, string Name, string[] Skills, string[] Languages, int Capacity)[] Writers =
    [
        ("margaret@letters.local", "Margaret Hale", ["anniversary", "love", "condolence", "apology"], ["en", "fr"], 5),
        ("tomas@letters.local", "Tomás Ortega", ["birthday", "congratulations", "friendship", "thank_you", "other"], ["en", "es"], 4),
        ("ines@letters.local", "Ines Keller", ["thank_you", "birthday", "friendship", "love"], ["en", "de"], 2),
    ];

    /// <summary>A demo client with its one documented key.</summary>
    private static Client WithKey(Client client, string secret, ApiKeyMode mode, string label)
    {
        client.ApiKeys.Add(new ApiKey
        {
            Id = Guid.CreateVersion7(), Mode = mode, Prefix = ApiKeySecrets.DisplayPrefix(secret), Hash = ApiKeySecrets.Hash(secret), Label = label, CreatedAt = client.CreatedAt,
        });
        return client;
    }

    public static async Task RunAsync(IServiceProvider services, CancellationToken ct = default)
    {
        var db = services.GetRequiredService<LettersDbContext>();
        var users = services.GetRequiredService<UserManager<StaffUser>>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();

        await EnsureUserAsync(users, AdminEmail, "Ada Admin", StaffRoles.Admin);

        foreach (var (email, name, skills, languages, capacity) in Writers)
        {
            if (await users.FindByEmailAsync(email) is null)
            {
                // Available, so a newcomer can sign in and claim at once.
                var (_, result) = await StaffAccounts.CreateWriterAsync(db, users, email, name, Password, skills, languages, capacity, Availability.Available, now, ct);
                Check(result);
            }
        }

        if (!await db.Clients.AnyAsync(c => c.Email == "demo@client.example", ct))
        {
            db.Clients.Add(WithKey(new Client { Id = Guid.CreateVersion7(), Name = "Demo Client", Email = "demo@client.example", CreatedAt = now }, ClientTestKey, ApiKeyMode.Test, "demo"));
        }

        if (!await db.Clients.AnyAsync(c => c.Email == PersonEmail, ct))
        {
            var person = new Client { Id = Guid.CreateVersion7(), Name = "Henri Dubois", Email = PersonEmail, CreatedAt = now, EmailConfirmedAt = now };
            person.PasswordHash = new PasswordHasher<Client>().HashPassword(person, Password);
            db.Clients.Add(WithKey(person, PersonLiveKey, ApiKeyMode.Live, "demo live"));
        }

        if (!await db.Queues.AnyAsync(q => q.Slug == "romance", ct))
        {
            // The default "general" queue comes with the schema; the demo adds queues by occasion.
            var romance = NewQueue("romance", "Love & anniversaries", now);
            var hardWords = NewQueue("hard-words", "Condolences & apologies", now);
            var celebrations = NewQueue("celebrations", "Birthdays, thanks & congratulations", now);
            db.Queues.AddRange(romance, hardWords, celebrations);

            var position = 0;
            foreach (var (occasion, queue) in new[]
                     {
                         ("anniversary", romance), ("love", romance),
                         ("condolence", hardWords), ("apology", hardWords),
                         ("birthday", celebrations), ("congratulations", celebrations), ("thank_you", celebrations),
                     })
            {
                db.RoutingRules.Add(new RoutingRule { Id = Guid.CreateVersion7(), QueueId = queue.Id, Occasion = occasion, Position = position += 10 });
            }
        }

        await db.SaveChangesAsync(ct);
        await SeedHandsAsync(db, now, ct);
    }

    /// <summary>
    /// A demo hand for each demo writer without one (<see cref="DemoHand"/>: generated from a plotter font with the
    /// writer's own distortions, labelled a demo), approved so the walk-through shows letters in a writer's hand. The
    /// writer replaces it by capturing their own at <c>/writer/hand</c>.
    /// </summary>
    private static async Task SeedHandsAsync(LettersDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        var seed = 1UL;
        foreach (var (email, name, _, _, _) in Writers)
        {
            var (slug, handName, font) = DemoHand.Writers.Single(w => string.Equals(w.Slug, Features.Hands.HandShelf.Fold(name), StringComparison.Ordinal));
            var writer = await db.Writers.Join(db.Users, w => w.UserId, u => u.Id, (w, u) => new { w, u.Email }).Where(x => x.Email == email).Select(x => x.w).SingleAsync(ct);
            if (await db.Hands.AnyAsync(h => h.WriterId == writer.Id || h.Slug == slug, ct))
            {
                seed++;
                continue;
            }

            var captured = DemoHand.Generate(slug, handName, font, seed++);
            var hand = Hand.NewDemo(writer.Id, slug, handName, now);
            db.Hands.Add(hand);
            db.HandEvents.Add(hand.Created(Actor.System, now, "A demo hand, generated from a plotter font."));
            db.HandSamples.AddRange(captured.Samples.Select(s => new Domain.HandSample { HandId = hand.Id, Box = s.Box, Prompt = s.Prompt, Traces = Features.Hands.HandShelf.TracesJson(s.Traces), WrittenAt = now }));
            await db.SaveChangesAsync(ct);
        }
    }

    private static Queue NewQueue(string slug, string name, DateTimeOffset now) =>
        new() { Id = Guid.CreateVersion7(), Slug = slug, Name = name, CreatedAt = now };

    private static async Task<StaffUser> EnsureUserAsync(UserManager<StaffUser> users, string email, string name, string role)
    {
        if (await users.FindByEmailAsync(email) is { } existing)
        {
            return existing;
        }

        var (user, result) = await StaffAccounts.CreateAsync(users, email, name, Password, role);
        Check(result);
        return user;
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }
}
