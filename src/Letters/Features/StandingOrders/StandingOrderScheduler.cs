using FluentValidation;
using Letters.Data;
using Letters.Domain;
using Letters.Features.Orders;
using Letters.Features.Pricing;
using Letters.Features.Queue;
using Letters.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Letters.Features.StandingOrders;

/// <summary>
/// Places each standing order's yearly order when its day comes, and reminds the client two weeks before to add
/// this year's note. One instance at a time (an advisory lock); a year's order is placed once, in the transaction
/// that marks its year row, whose key is (standing order, year). After downtime it catches up: a year whose order is
/// late but can still arrive (rush if need be) is placed then; one that can no longer arrive is marked missed.
/// </summary>
public sealed partial class StandingOrderScheduler(
    IServiceScopeFactory scopes, TimeProvider clock, RoutingTable routing, ILogger<StandingOrderScheduler> logger) : IWorker
{
    public static WorkerKind Kind => WorkerKind.StandingOrders;

    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    /// <summary>A pass a minute: orders are placed by the day, and a pass that placed some does not hurry the next.</summary>
    public TimeSpan Idle => Interval;

    public async Task<bool> PassAsync(CancellationToken ct)
    {
        await RunOnceAsync(ct);
        return false;
    }

    /// <summary>One pass; returns the orders placed. Only one instance runs it at a time (the kind's leader lock).</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await PlaceDueAsync(scope.ServiceProvider, scope.ServiceProvider.GetRequiredService<LettersDbContext>(), ct);
    }

    private async Task<int> PlaceDueAsync(IServiceProvider services, LettersDbContext db, CancellationToken ct)
    {
        var now = clock.GetUtcNow().TruncateToMicroseconds();
        var ordering = services.GetRequiredService<IOptions<OrderingOptions>>().Value;
        var placed = 0;
        var standing = await db.StandingOrders.AsNoTracking().Include(s => s.Recipient).Where(s => s.PausedAt == null).ToListAsync(ct);
        foreach (var s in standing)
        {
            var today = StandingOrderSchedule.Today(s, now);
            foreach (var year in new[] { today.Year - 1, today.Year, today.Year + 1 }.Where(y => y >= s.FirstYear))
            {
                var date = StandingOrderSchedule.DateIn(s, year);
                var placeAt = StandingOrderSchedule.PlaceAt(s, year);
                if (now < StandingOrderSchedule.RemindAt(s, year))
                {
                    continue;
                }

                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                var row = await db.StandingOrderYears.SingleOrDefaultAsync(y => y.StandingOrderId == s.Id && y.Year == year, ct);
                if (row is { Skipped: true } or { OrderId: not null } or { MissedAt: not null })
                {
                    continue;
                }

                if (row is null)
                {
                    row = new StandingOrderYear { StandingOrderId = s.Id, Year = year, UpdatedAt = now };
                    db.StandingOrderYears.Add(row);
                }

                if (now < placeAt)
                {
                    if (row.RemindedAt is null)
                    {
                        row.RemindedAt = now;
                        row.UpdatedAt = now;
                        await RemindAsync(services, db, s, date, placeAt, now, ct);
                        await db.SaveChangesAsync(ct);
                        await transaction.CommitAsync(ct);
                    }

                    continue;
                }

                var daysLeft = date.DayNumber - today.DayNumber;
                if (daysLeft < ordering.MinimumTurnaroundDaysRush)
                {
                    row.MissedAt = now;
                    row.MissedReason = $"The letter could no longer arrive by {date:d MMMM yyyy}: the service was not placing orders when it was due.";
                    row.UpdatedAt = now;
                }
                else
                {
                    var (order, refused) = await PlaceAsync(services, db, s, row, date, rush: daysLeft < ordering.MinimumTurnaroundDaysStandard, ordering, now, ct);
                    row.OrderId = order?.Id;
                    row.MissedAt = order is null ? now : null;
                    row.MissedReason = refused;
                    row.UpdatedAt = now;
                    placed += order is null ? 0 : 1;
                }

                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
            }
        }

        return placed;
    }

    /// <summary>
    /// The year's order, through the same door and checks as <c>POST /v1/orders</c>; if it would be refused (the
    /// brief, note and address are checked when they are written, so only a rule changed since can), null and why.
    /// </summary>
    private async Task<(Order? Order, string? Refused)> PlaceAsync(IServiceProvider services, LettersDbContext db, StandingOrder s, StandingOrderYear row, DateOnly date, bool rush, OrderingOptions ordering, DateTimeOffset now, CancellationToken ct)
    {
        var request = RequestFor(s, row, date, rush);
        var problems = await CreateOrder.ProblemsAsync(services.GetRequiredService<IValidator<CreateOrder.Request>>(), request, s.Recipient!, now, ct);
        if (problems.Count > 0)
        {
            var why = string.Join(" ", problems.SelectMany(p => p.Value));
            LogRefused(logger, s.Id, row.Year, why);
            return (null, $"The {row.Year} letter could not be ordered: {why}");
        }

        var queue = await routing.ChooseQueueAsync(db, s.Occasion, s.Letter.Language, ct);
        var price = services.GetRequiredService<IOptionsSnapshot<PriceList>>().Value.PriceOf(s.Letter.Length, rush, s.Letter.Paper, s.IsTest);

        // The same writer every year: last year's writer has first refusal (continuity, as for any order to a recipient).
        var sticky = await Continuity.LastWriterAsync(db, s.ClientId, s.RecipientId, ct);
        var order = CreateOrder.NewOrder(request, s.Recipient!, s.ClientId, s.IsTest, queue, price, sticky, ordering, now);
        db.Orders.Add(order);
        var actor = new Actor(ActorKind.System, s.Id, "standing order");
        db.OrderEvents.AddRange(
            order.Receive(actor, now),
            order.Apply(OrderStateMachine.Route, Actor.System, now, $"Routed to the {queue.Name} queue: the {row.Year} letter of a standing order."));
        return (order, null);
    }

    /// <summary>The order a standing order places for a year: the standing brief with this year's note.</summary>
    /// <param name="brief">A standing brief about to replace the stored one, to check the order it would make.</param>
    public static CreateOrder.Request RequestFor(StandingOrder s, StandingOrderYear row, DateOnly date, bool rush, string? brief = null) => new CreateOrder.Request(
        Recipient: null, RecipientId: s.RecipientId, Occasion: s.Occasion, Relationship: null,
        Brief: row.Note is { Length: > 0 } note ? $"{brief ?? s.Brief}\n\nThis year: {note}" : brief ?? s.Brief,
        Tone: null, Length: null, Language: null, Style: null, Ink: null, Paper: null, PageSize: null, Signature: null,
        DeliverBy: date, Priority: rush ? WireNames.Of(Priority.Rush) : null,
        Metadata: new Dictionary<string, string> { [MetadataKey] = s.Id.ToString(), [YearKey] = row.Year.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        AutoDraft: null).WithSettings(s.Letter);

    public const string ReminderEvent = "standing_order.reminder";

    /// <summary>The metadata a year's order carries: which standing order placed it, and for which year.</summary>
    public const string MetadataKey = "standing_order_id";
    public const string YearKey = "standing_order_year";

    public sealed record ReminderData(int Year, DateOnly Date, DateTimeOffset OrderedAt, StandingOrderResponse StandingOrder);

    /// <summary>
    /// The client is asked, by e-mail and by a <c>standing_order.reminder</c> webhook, what happened this year. Both
    /// are written in the transaction that marks the year reminded, so each is sent once, and surely.
    /// </summary>
    private static async Task RemindAsync(IServiceProvider services, LettersDbContext db, StandingOrder s, DateOnly date, DateTimeOffset placeAt, DateTimeOffset now, CancellationToken ct)
    {
        var email = await db.Clients.Where(c => c.Id == s.ClientId).Select(c => c.Email).SingleAsync(ct);
        var what = s.OccasionName ?? Display.Phrase(s.Occasion);
        Mailbox.Post(db, email, $"{s.Recipient!.Name}'s {what} letter: anything to add this year?",
            $"The letter to {s.Recipient.Name} for {date:d MMMM yyyy} is ordered on {placeAt:d MMMM} and written from your standing brief. " +
            $"Tell the writer what happened this year, or skip this year: {services.GetRequiredService<PublicSite>().Link("/app/standing-orders")}\n\n" +
            $"From your own system: PUT /v1/standing_orders/{s.Id}/years/{date.Year} with a note.", now);

        await Webhooks.WebhookEvents.EnqueueAsync(db, s.ClientId, s.IsTest, ReminderEvent, null, null, async () =>
        {
            var years = await db.StandingOrderYears.AsNoTracking().Where(y => y.StandingOrderId == s.Id).ToListAsync(ct);
            return new ReminderData(date.Year, date, placeAt, StandingOrderResponse.From(s, years, now));
        }, now, ct);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Standing order {Id}: the {Year} order would be refused: {Why}")]
    private static partial void LogRefused(ILogger logger, Guid id, int year, string why);
}
