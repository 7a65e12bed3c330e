using Letters.Features.Admin;
using Letters.Auth;
using Microsoft.AspNetCore.Authorization;
using Letters.Data;
using Letters.Domain;
using Letters.Features.Orders;
using Letters.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Letters.Features.Queue;

/// <summary>Queues, routing rules, and how the floor is doing.</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class QueuesModel(LettersDbContext db, TimeProvider clock, IOptions<QueueOptions> options, RoutingTable routing) : AdminPage
{
    public sealed record QueueHealth(Guid Id, string Name, bool IsDefault, int Waiting, DateTimeOffset? OldestWaiting, int AtRisk, int Breached);

    public List<QueueHealth> Health { get; private set; } = [];
    public List<RoutingRule> Rules { get; private set; } = [];
    public Dictionary<RoutingRule, RoutingRule> Shadowed { get; private set; } = [];
    public bool NothingDelivered => Delivered.All(d => d.Count == 0);
    public List<(DateOnly Day, int Count)> Delivered { get; private set; } = [];
    public string? Error { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAddRuleAsync(int position, string? occasion, string? language, Guid queue, CancellationToken ct)
    {
        occasion = string.IsNullOrWhiteSpace(occasion) ? null : occasion;
        language = string.IsNullOrWhiteSpace(language) ? null : language.Trim().ToLowerInvariant();
        if (occasion is not null && !OrderVocabulary.Occasions.Contains(occasion))
        {
            return await FailAsync("Unknown occasion.", ct);
        }

        if (language is not null && (language.Length is < 2 or > 3 || !language.All(char.IsAsciiLetterLower)))
        {
            return await FailAsync("A language is a two- or three-letter code such as en or fr.", ct);
        }

        var target = await db.Queues.SingleOrDefaultAsync(q => q.Id == queue, ct);
        if (target is null)
        {
            return await FailAsync("Choose a queue.", ct);
        }

        var now = clock.GetUtcNow().TruncateToMicroseconds();
        var rule = new RoutingRule { Id = Guid.CreateVersion7(), QueueId = queue, Position = position, Occasion = occasion, Language = language };
        db.RoutingRules.Add(rule);
        Record(db, "routing_rule_added", target.Name, $"position {position}, occasion {occasion ?? "any"}, language {language ?? "any"}", now);
        await db.SaveChangesAsync(ct);
        routing.Invalidate();
        var rules = await db.RoutingRules.AsNoTracking().OrderBy(r => r.Position).ToListAsync(ct);
        var cover = RoutingTable.Shadowed(rules).FirstOrDefault(s => s.Key.Id == rule.Id).Value;
        Message = cover is null
            ? "Rule added; new orders follow it now."
            : $"Rule added, but it can never match: rule {cover.Position} (occasion {cover.Occasion ?? "any"}, language {cover.Language ?? "any"}) comes first and takes the same orders. Give it a lower position or remove it.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDeleteRuleAsync(Guid id, CancellationToken ct)
    {
        var rule = await db.RoutingRules.Include(r => r.Queue).SingleOrDefaultAsync(r => r.Id == id, ct);
        if (rule is not null)
        {
            db.RoutingRules.Remove(rule);
            Record(db, "routing_rule_removed", rule.Queue!.Name, $"position {rule.Position}, occasion {rule.Occasion ?? "any"}, language {rule.Language ?? "any"}", clock.GetUtcNow().TruncateToMicroseconds());
            await db.SaveChangesAsync(ct);
            routing.Invalidate();
            Message = "Rule removed.";
        }

        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostAddQueueAsync(string? name, string? slug, CancellationToken ct)
    {
        slug = slug?.Trim().ToLowerInvariant();
        if (string.IsNullOrWhiteSpace(name) || string.IsNullOrEmpty(slug) || !slug.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            return await FailAsync("A queue needs a name and a slug of lower-case letters, digits and dashes.", ct);
        }

        if (await db.Queues.AnyAsync(q => q.Slug == slug, ct))
        {
            return await FailAsync($"There is already a queue '{slug}'.", ct);
        }

        var now = clock.GetUtcNow().TruncateToMicroseconds();
        db.Queues.Add(new Domain.Queue { Id = Guid.CreateVersion7(), Name = name.Trim(), Slug = slug, CreatedAt = now });
        Record(db, "queue_added", name.Trim(), slug, now);
        await db.SaveChangesAsync(ct);
        Message = $"Queue {name.Trim()} added: give it a routing rule.";
        return RedirectToPage();
    }

    private async Task<IActionResult> FailAsync(string error, CancellationToken ct)
    {
        Error = error;
        await LoadAsync(ct);
        return Page();
    }

    public sealed record Waiting(int Count, DateTimeOffset Oldest);

    /// <summary>The letters waiting in each queue and the oldest's order time: this page's table and the queue gauges.</summary>
    public static async Task<Dictionary<Guid, Waiting>> WaitingAsync(LettersDbContext db, CancellationToken ct) =>
        await db.Orders.Where(o => o.Status == OrderStatus.Queued && o.QueueId != null)
            .GroupBy(o => o.QueueId!.Value).Select(g => new { g.Key, Count = g.Count(), Oldest = g.Min(o => o.CreatedAt) })
            .ToDictionaryAsync(x => x.Key, x => new Waiting(x.Count, x.Oldest), ct);

    private async Task LoadAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var queues = await db.Queues.AsNoTracking().OrderByDescending(q => q.IsDefault).ThenBy(q => q.Name).ToListAsync(ct);
        var waiting = await WaitingAsync(db, ct);
        var atRisk = await Sla.AtRisk(db, now, options.Value).Where(o => o.QueueId != null).GroupBy(o => o.QueueId!.Value).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var breached = await Sla.Breached(db, now).Where(o => o.QueueId != null).GroupBy(o => o.QueueId!.Value).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        Health = [.. queues.Select(q => new QueueHealth(q.Id, q.Name, q.IsDefault, waiting.GetValueOrDefault(q.Id)?.Count ?? 0, waiting.GetValueOrDefault(q.Id)?.Oldest, atRisk.GetValueOrDefault(q.Id), breached.GetValueOrDefault(q.Id)))];
        Rules = await db.RoutingRules.AsNoTracking().Include(r => r.Queue).OrderBy(r => r.Position).ToListAsync(ct);
        Shadowed = RoutingTable.Shadowed(Rules);

        // Delivered letters per day (UTC), test work excluded: it is never counted as delivered work.
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var since = new DateTimeOffset(today.AddDays(-13).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var first = today.AddDays(-13);
        var deliveries = await db.DeliveryDays.AsNoTracking().Where(d => d.Day >= first).ToDictionaryAsync(d => d.Day, d => d.Delivered, ct);
        Delivered = [.. Enumerable.Range(0, 14).Select(i => first.AddDays(i)).Select(day => (day, deliveries.GetValueOrDefault(day)))];
    }
}
