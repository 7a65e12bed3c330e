using FluentValidation;
using Letters.Auth;
using Letters.Data;
using Letters.Domain;
using Letters.Features.Orders;
using Letters.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Letters.Features.StandingOrders;

public sealed record StandingYearResponse(int Year, DateOnly Date, DateTimeOffset OrderedAt, string? Note, bool Skipped, DateTimeOffset? RemindedAt, Guid? OrderId, DateTimeOffset? MissedAt, string? MissedReason);

public sealed record StandingOrderResponse(
    Guid Id, string Object, string Mode, Guid RecipientId, string Occasion, string? OccasionName, int Month, int Day, string TimeZone, LeapDayRule LeapDay,
    int LeadDays, string Relationship, string Brief, string Tone, string Length, string Language, string? Style, string? Ink, string? Paper, string? PageSize,
    string? Signature, bool Paused, string? PausedReason, StandingYearResponse Next, IReadOnlyList<StandingYearResponse> Years, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static StandingOrderResponse From(StandingOrder s, IReadOnlyList<StandingOrderYear> years, DateTimeOffset now)
    {
        StandingYearResponse Year(int year, StandingOrderYear? row) => new(year, StandingOrderSchedule.DateIn(s, year), StandingOrderSchedule.PlaceAt(s, year),
            row?.Note, row?.Skipped ?? false, row?.RemindedAt, row?.OrderId, row?.MissedAt, row?.MissedReason);
        var rows = years.ToDictionary(y => y.Year);
        var today = StandingOrderSchedule.Today(s, now);
        var next = Enumerable.Range(Math.Max(s.FirstYear, today.Year), 3)
            .First(y => !(rows.TryGetValue(y, out var r) && (r.OrderId is not null || r.MissedAt is not null)) && StandingOrderSchedule.DateIn(s, y) >= today);
        return new(s.Id, "standing_order", WireNames.Mode(s.IsTest), s.RecipientId, s.Occasion, s.OccasionName, s.Month, s.Day, s.TimeZone, s.LeapDay,
            s.LeadDays, s.Letter.Relationship, s.Brief, s.Letter.Tone, s.Letter.Length, s.Letter.Language, s.Letter.Style, s.Letter.Ink, s.Letter.Paper, s.Letter.PageSize, s.Letter.Signature, s.PausedAt is not null, s.PausedReason,
            Year(next, rows.GetValueOrDefault(next)), [.. years.OrderBy(y => y.Year).Select(y => Year(y.Year, y))], s.CreatedAt, s.UpdatedAt);
    }
}

/// <summary>
/// <c>/v1/standing_orders</c>: a letter every year to someone in the address book, for a yearly date in their time
/// zone. Each year's order is an ordinary order (<see cref="StandingOrderScheduler"/>); the client may add that
/// year's note, skip a year, or pause. Another client's standing order is a 404.
/// </summary>
public static class StandingOrdersApi
{
    public sealed record CreateRequest(
        Guid? RecipientId, string? Occasion, string? OccasionName, int? Month, int? Day, string? TimeZone, string? LeapDay, int? LeadDays,
        string? Relationship, [MultiLine] string? Brief, string? Tone, string? Length, string? Language, string? Style, string? Ink, string? Paper, string? PageSize, string? Signature);

    public sealed record UpdateRequest(bool? Paused, [MultiLine] string? Brief, int? LeadDays);

    public sealed record YearRequest([MultiLine] string? Note, bool? Skip);

    [ValidatedAs(typeof(CreateOrder.Request))]
    public sealed class CreateValidator : RequestValidator<CreateRequest>
    {
        public CreateValidator(IValidator<CreateOrder.Request> orders)
        {
            RuleFor(r => r.RecipientId).NotNull().WithMessage("'recipient_id' names someone in your address book (POST /v1/recipients).");
            RuleFor(r => r.Month).NotNull().InclusiveBetween(1, 12);
            RuleFor(r => r.Day).NotNull().Must((r, day) => r.Month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(2028, r.Month.Value))
                .WithMessage("'day' must be a day of that month (29 February is allowed: see 'leap_day').");
            RuleFor(r => r.TimeZone).NotEmpty().Must(StandingOrderSchedule.IsZone).WithMessage("'time_zone' must be an IANA time zone such as Europe/Paris or America/New_York.");
            RuleFor(r => r.LeapDay).Must(l => WireNames.TryParse<LeapDayRule>(l, out _)).When(r => r.LeapDay is not null)
                .WithMessage("'leap_day' must be february28 or march1: where a 29 February letter goes in other years.");
            RuleFor(r => r.LeadDays).InclusiveBetween(7, 120).When(r => r.LeadDays is not null)
                .WithMessage("'lead_days' (how long before the date the order is placed) must be 7 to 120.");
            RuleFor(r => r.OccasionName).MaximumLength(100);
            RuleFor(r => r).Custom((r, context) =>
            {
                foreach (var failure in orders.Validate(AsOrder(r)).Errors)
                {
                    context.AddFailure(failure.PropertyName, failure.ErrorMessage);
                }
            });
        }

        /// <summary>The order the standing order asks for, as the order validator reads it (the year's date aside).</summary>
        internal static CreateOrder.Request AsOrder(CreateRequest r) => new(null, r.RecipientId ?? Guid.Empty, r.Occasion, r.Relationship, r.Brief, r.Tone, r.Length, r.Language,
            r.Style, r.Ink, r.Paper, r.PageSize, r.Signature, null, null, null, null);
    }

    /// <summary>A standing order as the request that would set it up again: what its every year's order is checked from.</summary>
    public static CreateRequest CreateRequestOf(StandingOrder s) => new(
        s.RecipientId, s.Occasion, s.OccasionName, s.Month, s.Day, s.TimeZone, WireNames.Of(s.LeapDay), s.LeadDays, s.Letter.Relationship, s.Brief, s.Letter.Tone, s.Letter.Length, s.Letter.Language,
        s.Letter.Style, s.Letter.Ink, s.Letter.Paper, s.Letter.PageSize, s.Letter.Signature);

    public sealed class YearValidator : RequestValidator<YearRequest>
    {
        public YearValidator() => RuleFor(r => r.Note).MaximumLength(2000);
    }

    public sealed class UpdateValidator : RequestValidator<UpdateRequest>
    {
        public UpdateValidator()
        {
            RuleFor(r => r.Brief).Must(b => b is null || b.Trim().Length is >= 20 and <= 5000).WithMessage("'brief' must be 20 to 5,000 characters.");
            RuleFor(r => r.LeadDays).InclusiveBetween(7, 120).When(r => r.LeadDays is not null).WithMessage("'lead_days' must be 7 to 120.");
        }
    }

    public static RouteGroupBuilder MapStandingOrders(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapClientApi("/v1/standing_orders", "Standing orders").ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/", Create).WithSummary("A letter every year, for a date in the recipient's time zone");
        group.MapGet("/", List).WithSummary("This mode's standing orders");
        group.MapGet("/{id:guid}", Get).WithSummary("A standing order: its next year and the years behind it");
        group.MapPatch("/{id:guid}", Update).WithSummary("Pause or resume, or change the standing brief or lead time");
        group.MapPut("/{id:guid}/years/{year:int}", Year).WithSummary("This year's note (what happened this year), or skip this year");
        group.MapDelete("/{id:guid}", Delete).WithSummary("Stop the standing order; letters already ordered stay");
        return group;
    }

    internal static async Task<Results<Created<StandingOrderResponse>, ValidationProblem, ProblemHttpResult>> Create(
        CreateRequest request, HttpContext http, LettersDbContext db, TimeProvider clock, IOptions<OrderingOptions> ordering, CancellationToken ct)
    {
        var clientId = http.User.ClientId();
        var recipient = await db.Recipients.AsNoTracking().SingleOrDefaultAsync(r => r.Id == request.RecipientId && r.ClientId == clientId && r.DeletedAt == null, ct);
        if (recipient is null)
        {
            return Problems.Invalid("recipient_id", "There is no such recipient in your address book.");
        }

        var now = clock.GetUtcNow().TruncateToMicroseconds();

        // Written to this address every year: what its handwriting cannot write or fit is refused now, not each year.
        if (CreateOrder.AddressProblems(CreateValidator.AsOrder(request), recipient, now) is { Count: > 0 } unwritable)
        {
            return TypedResults.ValidationProblem(unwritable, title: "The letter cannot be written to this address as it stands.");
        }

        var standing = new StandingOrder
        {
            Id = Guid.CreateVersion7(now), ClientId = clientId, IsTest = http.User.IsTestMode(), RecipientId = recipient.Id,
            Occasion = request.Occasion!, OccasionName = request.OccasionName?.Trim(), Month = request.Month!.Value, Day = request.Day!.Value,
            TimeZone = request.TimeZone!, LeapDay = request.LeapDay is null ? LeapDayRule.February28 : WireNames.Parse<LeapDayRule>(request.LeapDay),
            LeadDays = request.LeadDays ?? 21, Brief = request.Brief!,

            // Chosen now, as for an order to this address: every year's letter is then written in the same hand.
            Letter = CreateOrder.SettingsOf(CreateValidator.AsOrder(request), recipient),
            CreatedAt = now, UpdatedAt = now,
        };

        // The first year is the first whose letter can still arrive: this year's date if it is far enough ahead.
        var today = StandingOrderSchedule.Today(standing, now);
        var thisYear = StandingOrderSchedule.DateIn(standing, today.Year);
        standing.FirstYear = thisYear.DayNumber - today.DayNumber >= ordering.Value.MinimumTurnaroundDaysStandard ? today.Year : today.Year + 1;
        db.StandingOrders.Add(standing);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation, ConstraintName: Data.Configurations.StandingOrderConfiguration.StandingOrderSameDate })
        {
            var existing = await db.StandingOrders.AsNoTracking()
                .Where(s => s.RecipientId == standing.RecipientId && s.IsTest == standing.IsTest && s.Occasion == standing.Occasion && s.Month == standing.Month && s.Day == standing.Day && s.OccasionName == standing.OccasionName)
                .Select(s => s.Id).FirstOrDefaultAsync(ct);
            return Problems.Conflict("This yearly letter exists already.",
                $"{recipient.Name} already gets a {Display.Words(standing.Occasion).ToLowerInvariant()} letter every {new DateOnly(2028, standing.Month, standing.Day):d MMMM} (standing order {existing}). Change that one (a note for the year, its brief) instead of setting up a second.");
        }

        return TypedResults.Created($"/v1/standing_orders/{standing.Id}", StandingOrderResponse.From(standing, [], now));
    }

    internal static async Task<Ok<List<StandingOrderResponse>>> List(HttpContext http, LettersDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var clientId = http.User.ClientId();
        var test = http.User.IsTestMode();
        var standing = await db.StandingOrders.AsNoTracking().Where(s => s.ClientId == clientId && s.IsTest == test).OrderBy(s => s.CreatedAt).Take(100).ToListAsync(ct);
        var ids = standing.Select(s => s.Id).ToList();
        var years = (await db.StandingOrderYears.AsNoTracking().Where(y => ids.Contains(y.StandingOrderId)).ToListAsync(ct)).ToLookup(y => y.StandingOrderId);
        var now = clock.GetUtcNow();
        return TypedResults.Ok(standing.Select(s => StandingOrderResponse.From(s, [.. years[s.Id]], now)).ToList());
    }

    private static async Task<Results<Ok<StandingOrderResponse>, ProblemHttpResult>> Get(Guid id, HttpContext http, LettersDbContext db, TimeProvider clock, CancellationToken ct) =>
        await FindAsync(db, http, id, ct) is { } standing
            ? TypedResults.Ok(await ResponseAsync(db, standing, clock, ct))
            : Problems.NotFound("standing order", id);

    internal static async Task<Results<Ok<StandingOrderResponse>, ValidationProblem, ProblemHttpResult>> Update(
        Guid id, UpdateRequest request, HttpContext http, LettersDbContext db, TimeProvider clock, IValidator<CreateOrder.Request> orders, CancellationToken ct)
    {
        if (await FindAsync(db, http, id, ct, track: true) is not { } standing)
        {
            return Problems.NotFound("standing order", id);
        }

        var now = clock.GetUtcNow().TruncateToMicroseconds();
        if (request.Brief is { } brief)
        {
            // The new brief is checked as the next year's order it will become, that year's note and all.
            var next = StandingOrderResponse.From(standing, await YearsAsync(db, id, ct), now).Next;
            if (await AsOrderProblemAsync(db, orders, standing, brief.Trim(), next.Year, next.Note, "brief", now, ct) is { } problem)
            {
                return problem;
            }
        }

        if (request.Paused is { } paused)
        {
            if (!paused && standing.PausedReason is not null && !await db.Recipients.AnyAsync(r => r.Id == standing.RecipientId && r.DeletedAt == null, ct))
            {
                return Problems.Conflict("The recipient is no longer in your address book.", $"{standing.PausedReason} Set up a new yearly letter to someone in the address book instead.");
            }

            standing.PausedAt = paused ? standing.PausedAt ?? now : null;
            standing.PausedReason = paused ? standing.PausedReason : null;
        }

        standing.Brief = request.Brief?.Trim() ?? standing.Brief;
        standing.LeadDays = request.LeadDays ?? standing.LeadDays;
        standing.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await ResponseAsync(db, standing, clock, ct));
    }

    /// <summary>
    /// What <c>POST /v1/orders</c> would refuse of the order this standing order places for <paramref name="year"/>
    /// with <paramref name="note"/>: checked when the brief or a note is written, so a year is never missed later for
    /// a reason the client could have been told now. The brief's errors are the changed field's.
    /// </summary>
    private static async Task<ValidationProblem?> AsOrderProblemAsync(
        LettersDbContext db, IValidator<CreateOrder.Request> orders, StandingOrder standing, string? brief, int year, string? note, string changed, DateTimeOffset now, CancellationToken ct)
    {
        var recipient = await db.Recipients.AsNoTracking().SingleAsync(r => r.Id == standing.RecipientId, ct);
        var row = new StandingOrderYear { StandingOrderId = standing.Id, Year = year, Note = note };

        // The year's date may be further ahead than an order may be placed today; it is checked when it is placed.
        var request = StandingOrderScheduler.RequestFor(standing, row, StandingOrderSchedule.DateIn(standing, year), rush: false, brief) with { DeliverBy = null };
        var problems = await CreateOrder.ProblemsAsync(orders, request, recipient, now, ct);
        return problems.Count == 0
            ? null
            : TypedResults.ValidationProblem(problems.GroupBy(p => p.Key == "brief" ? changed : p.Key).ToDictionary(g => g.Key, g => g.SelectMany(p => p.Value).ToArray()),
                title: $"The {year} letter would be refused as it stands.");
    }

    private static Task<List<StandingOrderYear>> YearsAsync(LettersDbContext db, Guid id, CancellationToken ct) =>
        db.StandingOrderYears.AsNoTracking().Where(y => y.StandingOrderId == id).ToListAsync(ct);

    internal static async Task<Results<Ok<StandingOrderResponse>, ValidationProblem, ProblemHttpResult>> Year(
        Guid id, int year, YearRequest request, HttpContext http, LettersDbContext db, TimeProvider clock, IValidator<CreateOrder.Request> orders, CancellationToken ct)
    {
        if (await FindAsync(db, http, id, ct) is not { } standing)
        {
            return Problems.NotFound("standing order", id);
        }

        var now = clock.GetUtcNow().TruncateToMicroseconds();
        var today = StandingOrderSchedule.Today(standing, now);
        if (year < Math.Max(standing.FirstYear, today.Year) || year > today.Year + 5)
        {
            return Problems.Invalid("year", $"'year' must be one still to come: {Math.Max(standing.FirstYear, today.Year)} to {today.Year + 5}.");
        }

        var row = await db.StandingOrderYears.SingleOrDefaultAsync(y => y.StandingOrderId == id && y.Year == year, ct);
        if (row is { OrderId: not null })
        {
            return Problems.Conflict("This year's letter is ordered.", $"The {year} letter was ordered on {StandingOrderSchedule.PlaceAt(standing, year):d MMMM}: change it through its order ({row.OrderId}).");
        }

        if (request.Note is { } note && await AsOrderProblemAsync(db, orders, standing, null, year, note.Trim(), "note", now, ct) is { } problem)
        {
            return problem;
        }

        if (row is null)
        {
            row = new StandingOrderYear { StandingOrderId = id, Year = year };
            db.StandingOrderYears.Add(row);
        }

        row.Note = request.Note?.Trim() ?? row.Note;
        row.Skipped = request.Skip ?? row.Skipped;
        row.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await ResponseAsync(db, standing, clock, ct));
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> Delete(Guid id, HttpContext http, LettersDbContext db, CancellationToken ct)
    {
        if (await FindAsync(db, http, id, ct, track: true) is not { } standing)
        {
            return Problems.NotFound("standing order", id);
        }

        db.StandingOrders.Remove(standing);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    private static Task<StandingOrder?> FindAsync(LettersDbContext db, HttpContext http, Guid id, CancellationToken ct, bool track = false)
    {
        var clientId = http.User.ClientId();
        var test = http.User.IsTestMode();
        var query = track ? db.StandingOrders : db.StandingOrders.AsNoTracking();
        return query.SingleOrDefaultAsync(s => s.Id == id && s.ClientId == clientId && s.IsTest == test, ct);
    }

    private static async Task<StandingOrderResponse> ResponseAsync(LettersDbContext db, StandingOrder standing, TimeProvider clock, CancellationToken ct) =>
        StandingOrderResponse.From(standing, await YearsAsync(db, standing.Id, ct), clock.GetUtcNow());
}
