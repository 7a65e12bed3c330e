using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Letters.Data;
using Letters.Domain;
using Letters.Handwriting;
using Letters.Handwriting.Hands;
using Letters.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Letters.Features.Hands;

/// <summary>
/// The app's one door to the renderer's shelf of hands (<see cref="Catalogue.Shelve"/>): an approved hand is built from
/// its boxes and shelved, so orders may name it and letters are drawn in it; a hand that is no longer approved comes
/// off. Approval on this instance shelves at once; <see cref="HandShelfRefresher"/> brings every instance in line with
/// the database within its pass. Which writer a hand belongs to is kept beside it, by writer id, for
/// <see cref="Renditions.LetterRendering"/> to write a writer's letters in their hand.
/// </summary>
public static class HandShelf
{
    private static readonly ConcurrentDictionary<Guid, string> ByWriter = new();
    private static readonly ConcurrentDictionary<string, (Guid HandId, uint Version)> Shelved = new(StringComparer.Ordinal);

    /// <summary>The style of the writer's approved hand, when it is on the shelf.</summary>
    public static string? StyleOf(Guid writerId) =>
        ByWriter.TryGetValue(writerId, out var id) && Catalogue.FindStyle(id) is not null ? id : null;

    /// <summary>Builds and shelves <paramref name="hand"/> from its boxes (a few hundred milliseconds for a full sheet).</summary>
    public static async Task ShelveAsync(LettersDbContext db, Hand hand, CancellationToken ct)
    {
        var samples = await db.HandSamples.AsNoTracking().Where(s => s.HandId == hand.Id).OrderBy(s => s.Box).ToListAsync(ct);
        Catalogue.Shelve(HandLibrary.Build(Captured(hand, samples)), listed: hand.ClientId is null);
        Shelved[hand.StyleId] = (hand.Id, hand.Version);
        if (hand.WriterId is { } writer)
        {
            ByWriter[writer] = hand.StyleId;
        }

        if (hand.ClientId is { } client)
        {
            ClientOf[hand.StyleId] = client;
        }
    }

    /// <summary>
    /// Whether <paramref name="clientId"/> may name <paramref name="style"/>: any style but another client's own hand
    /// (which is, to them, no such style).
    /// </summary>
    public static bool MayName(Guid clientId, string style) => !ClientOf.TryGetValue(style, out var owner) || owner == clientId;

    /// <summary>The client's own approved hand's style, when it is on the shelf.</summary>
    public static string? OwnHandOf(Guid clientId) => ClientOf.FirstOrDefault(c => c.Value == clientId).Key is { } style && Catalogue.FindStyle(style) is not null ? style : null;

    /// <summary>Whether <paramref name="style"/> is <paramref name="clientId"/>'s own hand: the premium on the price.</summary>
    public static bool IsOwnHand(Guid clientId, string style) => ClientOf.TryGetValue(style, out var owner) && owner == clientId;

    private static readonly ConcurrentDictionary<string, Guid> ClientOf = new(StringComparer.Ordinal);

    public static void Unshelve(Hand hand)
    {
        if (Shelved.TryRemove(hand.StyleId, out _))
        {
            Catalogue.Unshelve(hand.StyleId);
        }

        if (hand.WriterId is { } writer)
        {
            ByWriter.TryRemove(new KeyValuePair<Guid, string>(writer, hand.StyleId));
        }

        ClientOf.TryRemove(hand.StyleId, out _);
    }

    /// <summary>
    /// Brings the shelf in line with this database: approved hands on (built again when they changed), hands this
    /// shelf holds that are no longer approved off. Returns how many it changed.
    /// </summary>
    public static async Task<int> RefreshAsync(LettersDbContext db, CancellationToken ct)
    {
        var hands = await db.Hands.AsNoTracking().ToListAsync(ct);
        var changed = 0;
        foreach (var hand in hands)
        {
            var onShelf = Shelved.TryGetValue(hand.StyleId, out var shelved) && shelved.HandId == hand.Id;
            if (hand.State == HandState.Approved && (!onShelf || shelved.Version != hand.Version))
            {
                await ShelveAsync(db, hand, ct);
                changed++;
            }
            else if (hand.State != HandState.Approved && onShelf)
            {
                Unshelve(hand);
                changed++;
            }
        }

        return changed;
    }

    /// <summary>The hand as the renderer reads it: its boxes' traces, each point x, y, t, pressure, tilt.</summary>
    public static CapturedHand Captured(Hand hand, IEnumerable<Domain.HandSample> samples) =>
        new(hand.StyleId, hand.Name, [.. samples.Select(s => new Handwriting.Hands.HandSample(s.Box, s.Prompt, ParseTraces(s.Traces)))], hand.Demo);

    public static string TracesJson(IEnumerable<InkTrace> traces) =>
        JsonSerializer.Serialize(traces.Select(t => t.Points.Select(p => new[] { Round(p.X, 4), Round(p.Y, 4), Round(p.T, 1), Round(p.Pressure, 3), Round(p.TiltX, 1), Round(p.TiltY, 1) })));

    private static double Round(double value, int digits) => Math.Round(value, digits);

    public static List<InkTrace> ParseTraces(string json) =>
        [.. (JsonSerializer.Deserialize<double[][][]>(json) ?? []).Select(t => new InkTrace([.. t.Select(p => new InkPoint(p[0], p[1], p.Length > 2 ? p[2] : 0, p.Length > 3 ? p[3] : 0.5, p.Length > 4 ? p[4] : 0, p.Length > 5 ? p[5] : 0))]))];

    /// <summary>A first name as a slug's letters: lower-case ASCII, accents dropped (Tomás → tomas).</summary>
    public static string Fold(string displayName)
    {
        var first = displayName.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
        var folded = new StringBuilder();
        foreach (var c in first.Normalize(NormalizationForm.FormD).ToLowerInvariant())
        {
            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9'))
            {
                folded.Append(c);
            }
        }

        return folded.ToString();
    }

    /// <summary>A slug for the writer's hand from their first name, ASCII (Tomás → tomas), made unique with a number.</summary>
    public static async Task<string> SlugForAsync(LettersDbContext db, string displayName, CancellationToken ct)
    {
        var folded = Fold(displayName);
        var stem = folded.Length == 0 ? "writer" : folded[..Math.Min(folded.Length, Hand.SlugLength - 4)];
        var taken = await db.Hands.Where(h => h.Slug == stem || h.Slug.StartsWith(stem + "-")).Select(h => h.Slug).ToListAsync(ct);
        var slug = stem;
        for (var n = 2; taken.Contains(slug); n++)
        {
            slug = $"{stem}-{n}";
        }

        return slug;
    }
}

/// <summary>Keeps this instance's shelf in line with the database: another instance's approval or withdrawal within a pass.</summary>
public sealed class HandShelfRefresher(IServiceScopeFactory scopes) : IWorker
{
    public static WorkerKind Kind => WorkerKind.HandShelf;

    public TimeSpan Idle => TimeSpan.FromSeconds(15);

    public async Task<bool> PassAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        await HandShelf.RefreshAsync(scope.ServiceProvider.GetRequiredService<LettersDbContext>(), ct);

        // Nothing here is a queue: a pass that shelved something does not call for another at once.
        return false;
    }
}
