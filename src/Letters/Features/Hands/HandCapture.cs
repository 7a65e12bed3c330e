using System.Text;
using Letters.Auth;
using Letters.Data;
using Letters.Domain;
using Letters.Handwriting.Hands;
using Letters.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Letters.Features.Hands;

/// <summary>
/// The capture page's use cases, for the writer at <c>/writer/hand</c>, an admin on a writer's behalf at
/// <c>/admin/writers/{id}/hand</c>, and a client capturing their own at <c>/app/hand</c>: consent, a box written (or written again), submission for review, withdrawal, and
/// the hand out and in as InkML. A box arrives as JSON from the page's canvas (Pointer Events: x, y, time, pressure,
/// tilt), in x-heights from the box's baseline; it is checked against the sheet and bounded before it is kept.
/// </summary>
public abstract class HandCaptureModel(LettersDbContext db, TimeProvider clock) : PageModel
{
    /// <summary>The most traces a box may hold, and points in all: a sentence is a few dozen traces of a few hundred points.</summary>
    public const int MaxTraces = 80, MaxPoints = 8000;

    /// <summary>Whose hand: a writer's or a client's, by name, and who acts for them.</summary>
    public sealed record Owner(Guid? WriterId, Guid? ClientId, string Name, Actor Actor);

    public Owner Whose { get; private set; } = null!;
    public Hand? Hand { get; private set; }
    public HashSet<int> Written { get; private set; } = [];
    public IReadOnlyList<HandPrompt> Prompts => HandPrompts.All;

    /// <summary>The first box not yet written, where the writer resumes.</summary>
    public int Next => Enumerable.Range(0, Prompts.Count).FirstOrDefault(b => !Written.Contains(b), Prompts.Count);

    public bool ReadyToSubmit => Hand is { State: HandState.Capturing, Demo: false } && HandPrompts.Essential.All(Written.Contains);

    /// <summary>Capturing, with consent given: the canvas is shown.</summary>
    public bool Capturing => Hand is { State: HandState.Capturing, Demo: false, ConsentedAt: not null };

    [TempData]
    public string? Message { get; set; }

    /// <summary>Whose hand, and who acts: the writer or client themself, or an admin on a writer's behalf.</summary>
    protected abstract Task<Owner?> WhoAsync(CancellationToken ct);

    /// <summary>The owner's hand, tracked.</summary>
    private Task<Hand?> HandOfAsync(Owner owner, CancellationToken ct) => owner.WriterId is { } writer
        ? db.Hands.SingleOrDefaultAsync(h => h.WriterId == writer, ct)
        : db.Hands.SingleOrDefaultAsync(h => h.ClientId == owner.ClientId, ct);

    /// <summary>Where the page lives, for redirects.</summary>
    protected abstract string Self { get; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } missing)
        {
            return missing;
        }

        return Page();
    }

    public async Task<IActionResult> OnGetInkmlAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } missing)
        {
            return missing;
        }

        if (Hand is null)
        {
            return NotFound();
        }

        var samples = await db.HandSamples.AsNoTracking().Where(s => s.HandId == Hand.Id).OrderBy(s => s.Box).ToListAsync(ct);
        return File(Encoding.UTF8.GetBytes(InkMl.Write(HandShelf.Captured(Hand, samples))), "application/inkml+xml", $"{Hand.Slug}.inkml");
    }

    /// <summary>
    /// Consent, and the start of capture: a new hand, or the demo hand replaced by the writer's own (its boxes cleared),
    /// or a withdrawn one taken up again from an empty sheet.
    /// </summary>
    public async Task<IActionResult> OnPostConsentAsync(bool agree, CancellationToken ct)
    {
        if (await WhoAsync(ct) is not { } owner)
        {
            return NotFound();
        }

        var actor = owner.Actor;

        if (!agree)
        {
            Message = "Tick the box to agree before capturing: your hand is used only with your consent.";
            return Redirect(Self);
        }

        var now = clock.GetUtcNow().TruncateToMicroseconds();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var hand = await HandOfAsync(owner, ct);
        if (hand is null)
        {
            hand = new Hand
            {
                Id = Guid.CreateVersion7(now), WriterId = owner.WriterId, ClientId = owner.ClientId, Slug = await HandShelf.SlugForAsync(db, owner.Name, ct),
                Name = $"{owner.Name.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? owner.Name}'s hand", ConsentedAt = now, CreatedAt = now, UpdatedAt = now,
            };
            db.Hands.Add(hand);
            db.HandEvents.Add(hand.Created(actor, now, "Consent given; capture begun."));
        }
        else if (hand.Demo || hand.State == HandState.Withdrawn)
        {
            // The demo hand is replaced in place (same style id, so letters that named it are written in the real one).
            await db.HandSamples.Where(s => s.HandId == hand.Id).ExecuteDeleteAsync(ct);
            db.HandEvents.Add(hand.MoveTo(hand.State == HandState.Withdrawn ? Hand.Resume : Hand.Return, actor, now, hand.Demo ? "The demo hand replaced by the writer's own." : "Consent given again."));
            (hand.Demo, hand.ConsentedAt, hand.Name, hand.ApprovedAt, hand.ApprovedBy) = (false, now, hand.Name.Replace(" (demo)", "", StringComparison.Ordinal), null, null);
            HandShelf.Unshelve(hand);
        }
        else
        {
            hand.ConsentedAt ??= now;
            hand.UpdatedAt = now;
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return Redirect(Self);
    }

    public sealed record BoxRequest(int? Box, string? Prompt, double[][][]? Traces);

    /// <summary>A box written or written again. JSON in, JSON out: how many boxes are written and which is next.</summary>
    public async Task<IActionResult> OnPostBoxAsync([FromBody] BoxRequest? request, CancellationToken ct)
    {
        if (await WhoAsync(ct) is not { } owner)
        {
            return NotFound();
        }

        if (Check(request) is { Count: > 0 } errors)
        {
            return new ObjectResult(new ValidationProblemDetails(errors) { Title = "The box could not be kept.", Status = 400, Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1" })
            {
                StatusCode = 400, ContentTypes = { "application/problem+json" },
            };
        }

        var hand = await HandOfAsync(owner, ct);
        if (hand is not { State: HandState.Capturing, Demo: false, ConsentedAt: not null })
        {
            return new ObjectResult(new ProblemDetails { Title = "Not capturing.", Detail = "Give consent and begin capturing first; a hand sent for review is written on again only when it is returned.", Status = 409 })
            {
                StatusCode = 409, ContentTypes = { "application/problem+json" },
            };
        }

        var now = clock.GetUtcNow().TruncateToMicroseconds();
        var traces = request!.Traces!.Select(t => new InkTrace([.. t.Select(p => new InkPoint(p[0], p[1], p[2], p[3], p.Length > 4 ? p[4] : 0, p.Length > 5 ? p[5] : 0))]));
        var json = HandShelf.TracesJson(traces);
        var box = request.Box!.Value;
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO hand_samples (hand_id, box, prompt, traces, written_at) VALUES ({hand.Id}, {box}, {request.Prompt}, {json}::jsonb, {now})
            ON CONFLICT (hand_id, box) DO UPDATE SET prompt = excluded.prompt, traces = excluded.traces, written_at = excluded.written_at
            """, ct);
        var written = await db.HandSamples.Where(s => s.HandId == hand.Id).Select(s => s.Box).ToListAsync(ct);
        var set = written.ToHashSet();
        return new JsonResult(new
        {
            written = set.Count,
            of = HandPrompts.All.Count,
            next = Enumerable.Range(0, HandPrompts.All.Count).FirstOrDefault(b => !set.Contains(b) && b > box, Enumerable.Range(0, HandPrompts.All.Count).FirstOrDefault(b => !set.Contains(b), HandPrompts.All.Count)),
            ready = HandPrompts.Essential.All(set.Contains),
        });
    }

    /// <summary>The box against the sheet, and every number within what a pen on a box can give.</summary>
    private static Dictionary<string, string[]> Check(BoxRequest? request)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (request?.Box is not { } box || box < 0 || box >= HandPrompts.All.Count)
        {
            errors["box"] = [$"'box' must be a box of the sheet, 0 to {HandPrompts.All.Count - 1}."];
            return errors;
        }

        if (request.Prompt != HandPrompts.All[box].Text)
        {
            errors["prompt"] = [$"Box {box} asks for '{HandPrompts.All[box].Text}'."];
        }

        if (request.Traces is not { Length: > 0 and <= MaxTraces } traces || traces.Any(t => t is null || t.Length == 0))
        {
            errors["traces"] = [$"'traces' must hold 1 to {MaxTraces} traces, each of at least one point."];
            return errors;
        }

        if (traces.Sum(t => t.Length) > MaxPoints)
        {
            errors["traces"] = [$"A box holds at most {MaxPoints} points."];
        }
        else if (traces.SelectMany(t => t).Any(p => p is null || p.Length is < 4 or > 6 || p.Any(v => !double.IsFinite(v))
            || Math.Abs(p[0]) > 80 || Math.Abs(p[1]) > 12 || p[2] is < 0 or > 3_600_000 || p[3] is < 0 or > 1 || (p.Length > 4 && Math.Abs(p[4]) > 90) || (p.Length > 5 && Math.Abs(p[5]) > 90)))
        {
            errors["traces"] = ["Each point is [x, y, t, pressure] and may add [tiltX, tiltY]: x within ±80 and y within ±12 x-heights, t 0 to 3,600,000 ms, pressure 0 to 1, tilt within ±90°."];
        }

        return errors;
    }

    public async Task<IActionResult> OnPostSubmitAsync(CancellationToken ct)
    {
        var owner = await WhoAsync(ct);
        var actor = owner?.Actor ?? Actor.System;
        var hand = owner is null ? null : await HandOfAsync(owner, ct);
        if (hand is null)
        {
            return NotFound();
        }

        var written = (await db.HandSamples.Where(s => s.HandId == hand.Id).Select(s => s.Box).ToListAsync(ct)).ToHashSet();
        if (hand.State != HandState.Capturing || hand.Demo || !HandPrompts.Essential.All(written.Contains))
        {
            Message = "Write every letter, digit and mark at least once, and one sentence, before sending your hand for review.";
            return Redirect(Self);
        }

        db.HandEvents.Add(hand.MoveTo(Hand.Submit, actor, clock.GetUtcNow().TruncateToMicroseconds(), $"{written.Count} of {HandPrompts.All.Count} boxes written."));
        await db.SaveChangesAsync(ct);
        Message = "Sent for review. An admin looks at a page written in your hand before letters use it.";
        return Redirect(Self);
    }

    /// <summary>Consent withdrawn: the hand comes off the shelf and its boxes are deleted. Letters already written stay as they are.</summary>
    public async Task<IActionResult> OnPostWithdrawAsync(CancellationToken ct)
    {
        var owner = await WhoAsync(ct);
        var actor = owner?.Actor ?? Actor.System;
        var hand = owner is null ? null : await HandOfAsync(owner, ct);
        if (hand is null || hand.State == HandState.Withdrawn)
        {
            return NotFound();
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.HandSamples.Where(s => s.HandId == hand.Id).ExecuteDeleteAsync(ct);
        db.HandEvents.Add(hand.MoveTo(Hand.Withdraw, actor, clock.GetUtcNow().TruncateToMicroseconds(), "Consent withdrawn; the captured boxes deleted."));
        hand.ConsentedAt = null;
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        HandShelf.Unshelve(hand);
        Message = "Your consent is withdrawn and your hand deleted. Letters will not be written in it.";
        return Redirect(Self);
    }

    /// <summary>A hand captured elsewhere, as InkML: its boxes replace those written here (the capture stays open for review).</summary>
    public async Task<IActionResult> OnPostImportAsync(IFormFile? inkml, CancellationToken ct)
    {
        var owner = await WhoAsync(ct);
        var actor = owner?.Actor ?? Actor.System;
        var hand = owner is null ? null : await HandOfAsync(owner, ct);
        if (hand is not { State: HandState.Capturing, Demo: false, ConsentedAt: not null })
        {
            Message = "Give consent and begin capturing before importing a hand.";
            return Redirect(Self);
        }

        if (inkml is null || inkml.Length == 0 || inkml.Length > 32 * 1024 * 1024)
        {
            Message = "Choose an InkML file of at most 32 MB.";
            return Redirect(Self);
        }

        CapturedHand captured;
        try
        {
            await using var stream = inkml.OpenReadStream();
            captured = InkMl.Read(hand.StyleId, hand.Name, stream);
        }
        catch (FormatException e)
        {
            Message = $"The file could not be read: {e.Message}";
            return Redirect(Self);
        }

        var kept = captured.Samples.Where(s => s.Box >= 0 && s.Box < HandPrompts.All.Count && HandPrompts.All[s.Box].Text == s.Prompt && s.Traces.Count > 0).ToList();
        var now = clock.GetUtcNow().TruncateToMicroseconds();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.HandSamples.Where(s => s.HandId == hand.Id).ExecuteDeleteAsync(ct);
        db.HandSamples.AddRange(kept.Select(s => new Domain.HandSample { HandId = hand.Id, Box = s.Box, Prompt = s.Prompt, Traces = HandShelf.TracesJson(s.Traces), WrittenAt = now }));
        db.HandEvents.Add(new HandEvent { HandId = hand.Id, FromState = hand.State, ToState = hand.State, Actor = actor.Name, Note = $"{kept.Count} boxes imported from InkML ({captured.Samples.Count - kept.Count} not on the sheet left out).", CreatedAt = now });
        hand.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        Message = $"{kept.Count} boxes imported.";
        return Redirect(Self);
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        if (await WhoAsync(ct) is not { } owner)
        {
            return NotFound();
        }

        Whose = owner;
        Hand = await HandOfAsync(owner, ct);
        Written = Hand is null ? [] : (await db.HandSamples.AsNoTracking().Where(s => s.HandId == Hand.Id).Select(s => s.Box).ToListAsync(ct)).ToHashSet();
        return null;
    }
}

/// <summary>The writer's own capture page.</summary>
[Authorize(Policy = Policies.Writer)]
public sealed class WriterHandModel(LettersDbContext db, TimeProvider clock, CurrentStaff staff) : HandCaptureModel(db, clock)
{
    protected override string Self => "/writer/hand";

    protected override async Task<Owner?> WhoAsync(CancellationToken ct) =>
        await staff.WriterAsync(ct) is { } writer ? new Owner(writer.Id, null, writer.DisplayName, new Actor(ActorKind.Writer, writer.Id, writer.DisplayName)) : null;
}

/// <summary>An admin capturing (or importing) a hand on a writer's behalf, with them beside the tablet.</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class AdminWriterHandModel(LettersDbContext db, TimeProvider clock, CurrentStaff staff) : HandCaptureModel(db, clock)
{
    private readonly LettersDbContext db = db;

    [BindProperty(SupportsGet = true)]
    public Guid WriterId { get; set; }

    protected override string Self => $"/admin/writers/{WriterId}/hand";

    protected override async Task<Owner?> WhoAsync(CancellationToken ct) =>
        await db.Writers.AsNoTracking().SingleOrDefaultAsync(w => w.Id == WriterId, ct) is { } writer ? new Owner(writer.Id, null, writer.DisplayName, staff.Admin) : null;
}

/// <summary>
/// A client capturing their own hand (the premium the peers sell): once approved, their orders that name it are
/// written in it, and only theirs.
/// </summary>
[Authorize(Policy = Policies.ClientApp)]
public sealed class ClientHandModel(LettersDbContext db, TimeProvider clock) : HandCaptureModel(db, clock)
{
    private readonly LettersDbContext db = db;

    protected override string Self => "/app/hand";

    protected override async Task<Owner?> WhoAsync(CancellationToken ct)
    {
        var id = User.ClientId();
        return await db.Clients.AsNoTracking().Where(c => c.Id == id).Select(c => c.Name).SingleOrDefaultAsync(ct) is { } name
            ? new Owner(null, id, name, new Actor(ActorKind.Client, id, name))
            : null;
    }
}
