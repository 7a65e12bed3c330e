using Letters.Auth;
using FluentValidation;
using Letters.Data;
using Letters.Domain;
using Letters.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Letters.Features.Queue;

/// <summary>
/// The queue as writers (and their dashboard) use it under <c>/writer/api</c>: claim the next letter, keep the
/// lease alive, give a letter back, say whether they are available. Admins reassign under <c>/admin/api</c>.
/// </summary>
public static class WriterQueueApi
{
    public sealed record ClaimResponse(Guid OrderId, int Attempt, DateTimeOffset LeaseUntil);

    public sealed record HeartbeatRequest(int? Attempt);

    public sealed record HeartbeatResponse(DateTimeOffset LeaseUntil);

    public sealed record ReleaseRequest(int? Attempt, string? Reason);

    public sealed record AvailabilityRequest(string? Availability);

    public sealed record ReassignRequest(Guid? WriterId, bool? OverrideCapacity);

    public sealed class HeartbeatValidator : RequestValidator<HeartbeatRequest>
    {
        public HeartbeatValidator() => RuleFor(r => r.Attempt).NotNull().GreaterThan(0);
    }

    public sealed class ReleaseValidator : RequestValidator<ReleaseRequest>
    {
        public ReleaseValidator()
        {
            RuleFor(r => r.Attempt).NotNull().GreaterThan(0);
            RuleFor(r => r.Reason).NotEmpty().MaximumLength(500).WithMessage("Say briefly why you are giving the letter back (at most 500 characters).");
        }
    }

    public sealed class AvailabilityValidator : RequestValidator<AvailabilityRequest>
    {
        public AvailabilityValidator() => RuleFor(r => r.Availability).Must(a => a is "available" or "away" or "offline")
            .WithMessage("'availability' must be available, away or offline.");
    }

    public sealed class ReassignValidator : RequestValidator<ReassignRequest>
    {
        public ReassignValidator() => RuleFor(r => r.WriterId).NotNull();
    }

    public static RouteGroupBuilder MapWriterQueue(this IEndpointRouteBuilder routes)
    {
        var writer = routes.MapGroup("/writer/api").WithTags("Writer queue").RequireAuthorization(Policies.Writer).WithValidation();
        writer.MapPost("/claims", Claim).WithSummary("Claim the next letter (204 when nothing is eligible)");
        writer.MapPost("/letters/{id:guid}/heartbeat", Heartbeat).WithSummary("Extend the lease on a claimed letter");
        writer.MapPost("/letters/{id:guid}/release", Release).WithSummary("Give a letter back to the queue, with a reason");
        writer.MapPut("/availability", SetAvailability).WithSummary("Available, away or offline");
        writer.MapGet("/summary", Summary).WithSummary("Letters held and letters waiting that this writer may take (the dashboard polls it)");

        var admin = routes.MapGroup("/admin/api").WithTags("Admin queue").RequireAuthorization(Policies.Admin).WithValidation();
        admin.MapPost("/orders/{id:guid}/reassign", Reassign).WithSummary("Hand a letter to a named writer");
        return writer;
    }

    public static async Task<Results<Ok<ClaimResponse>, NoContent, ProblemHttpResult>> Claim(CurrentStaff staff, LettersDbContext db, TimeProvider clock, IOptions<QueueOptions> options, CancellationToken ct)
    {
        if (await staff.WriterAsync(ct) is not { Id: var writerId })
        {
            return NotAWriter();
        }

        var (outcome, claim) = await ClaimNext.ExecuteAsync(db, writerId, clock.GetUtcNow(), options.Value, ct);
        return outcome switch
        {
            ClaimNext.Outcome.Claimed => TypedResults.Ok(new ClaimResponse(claim!.OrderId, claim.Attempt, claim.LeaseUntil)),
            ClaimNext.Outcome.NothingEligible => TypedResults.NoContent(),
            ClaimNext.Outcome.AtCapacity => Problems.Conflict("You hold as many letters as you can.", "Submit or release a letter before claiming another."),
            _ => Problems.Conflict("You are not available.", "Set yourself available to claim letters."),
        };
    }

    public static async Task<Results<Ok<HeartbeatResponse>, ProblemHttpResult>> Heartbeat(Guid id, HeartbeatRequest request, CurrentStaff staff, LettersDbContext db, TimeProvider clock, IOptions<QueueOptions> options, CancellationToken ct)
    {
        if (await staff.WriterAsync(ct) is not { Id: var writerId })
        {
            return NotAWriter();
        }

        var lease = await Leases.HeartbeatAsync(db, id, writerId, request.Attempt!.Value, clock.GetUtcNow(), options.Value, ct);
        return lease is { } until ? TypedResults.Ok(new HeartbeatResponse(until)) : ClaimLost();
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Release(Guid id, ReleaseRequest request, CurrentStaff staff, LettersDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (await staff.WriterAsync(ct) is not { Id: var writerId })
        {
            return NotAWriter();
        }

        return await Leases.ReleaseAsync(db, id, writerId, request.Attempt!.Value, request.Reason!.Trim(), clock.GetUtcNow(), ct)
            ? TypedResults.NoContent()
            : ClaimLost();
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> SetAvailability(AvailabilityRequest request, CurrentStaff staff, LettersDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (await staff.WriterAsync(ct) is not { Id: var writerId })
        {
            return NotAWriter();
        }

        await SetAvailabilityAsync(db, writerId, Enum.Parse<Availability>(request.Availability!, ignoreCase: true), clock.GetUtcNow(), ct);
        return TypedResults.NoContent();
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Reassign(Guid id, ReassignRequest request, CurrentStaff staff, LettersDbContext db, TimeProvider clock, IOptions<QueueOptions> options, CancellationToken ct)
    {
        var admin = staff.Admin;
        if (!await db.Orders.AnyAsync(o => o.Id == id, ct))
        {
            return Problems.NotFound("order", id);
        }

        var error = await Leases.ReassignAsync(db, id, request.WriterId!.Value, admin, request.OverrideCapacity == true, clock.GetUtcNow(), options.Value, ct);
        return error is null ? TypedResults.NoContent() : Problems.Conflict("The letter was not reassigned.", error);
    }

    /// <summary>
    /// The one way a writer's availability changes (the dashboard's buttons and the API): the time of the change
    /// starts the sweeper's grace period for letters they have not started, so it moves only on a real change.
    /// </summary>
    public static async Task SetAvailabilityAsync(LettersDbContext db, Guid writerId, Availability availability, DateTimeOffset now, CancellationToken ct)
    {
        now = now.TruncateToMicroseconds();
        await db.Writers.Where(w => w.Id == writerId && w.Availability != availability)
            .ExecuteUpdateAsync(s => s.SetProperty(w => w.Availability, availability).SetProperty(w => w.AvailabilityChangedAt, now).SetProperty(w => w.LastSeenAt, now), ct);
    }

    public sealed record QueueDepth(string Queue, int Waiting);

    public sealed record SummaryResponse(int Held, int Waiting, IReadOnlyList<QueueDepth> Queues);

    public static async Task<Results<Ok<SummaryResponse>, ProblemHttpResult>> Summary(CurrentStaff staff, LettersDbContext db, TimeProvider clock, CancellationToken ct)
    {
        if (await staff.WriterAsync(ct) is not { } writer)
        {
            return NotAWriter();
        }

        return TypedResults.Ok(await SummarizeAsync(db, writer, clock.GetUtcNow(), ct));
    }

    /// <summary>What the dashboard shows: waiting letters this writer may claim, per queue, and how many they hold.</summary>
    public static async Task<SummaryResponse> SummarizeAsync(LettersDbContext db, Writer writer, DateTimeOffset now, CancellationToken ct)
    {
        var held = await db.Orders.CountAsync(QueueRules.HeldBy(writer.Id), ct);
        var queues = await QueueRules.EligibleFor(db, writer, now).GroupBy(o => o.Queue!.Name).Select(g => new QueueDepth(g.Key, g.Count())).ToListAsync(ct);
        queues = [.. queues.OrderByDescending(q => q.Waiting).ThenBy(q => q.Queue, StringComparer.Ordinal)];
        return new SummaryResponse(held, queues.Sum(q => q.Waiting), queues);
    }

    private static ProblemHttpResult NotAWriter() =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not a writer.", detail: "This sign-in has no active writer profile.");

    private static ProblemHttpResult ClaimLost() =>
        Problems.Conflict("Claim lost.", "This letter is no longer yours to write (the lease ran out, it was released or reassigned). Nothing was saved.");
}
