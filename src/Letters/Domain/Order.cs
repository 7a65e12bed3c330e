using Microsoft.EntityFrameworkCore;
using System.Linq.Expressions;

namespace Letters.Domain;

/// <summary>Stored as a number so the queue can sort by it: higher goes first.</summary>
public enum Priority
{
    Standard = 0,
    Rush = 1,
}

/// <summary>
/// A letter somebody ordered: the brief, how it should look, and where it is in its life. The claim fields
/// (<see cref="ClaimedBy"/>, <see cref="Attempt"/>, <see cref="LeaseUntil"/>) are how the writer queue hands
/// the work out; every write by a writer is fenced on claimant and attempt.
/// </summary>
public sealed class Order : ILetterSettingsOwner
{
    public Guid Id { get; set; }
    public Guid ClientId { get; set; }
    public Client? Client { get; set; }
    public Guid RecipientId { get; set; }
    public Recipient? Recipient { get; set; }

    /// <summary>Made with a test key: goes through the whole pipeline but is never counted as delivered work.</summary>
    public bool IsTest { get; set; }

    public required string Occasion { get; set; }
    /// <summary>How the letter is written and looks (<see cref="LetterSettings"/>).</summary>
    public required LetterSettings Letter { get; set; }
    public required string Brief { get; set; }

    /// <summary>The envelope it goes in (a catalogue envelope id); null for the page size's usual one.</summary>
    public string? EnvelopeSize { get; set; }

    /// <summary>Written small at the envelope's top left; none when null.</summary>
    public ReturnAddress? ReturnAddress { get; set; }

    /// <summary>True when the address is written on page 1 for a window envelope instead of on the envelope.</summary>
    public bool WindowAddress { get; set; }
    public DateOnly DeliverBy { get; set; }
    public Priority Priority { get; set; }
    public Dictionary<string, string> Metadata { get; set; } = [];

    /// <summary>Fixed when ordered (from the quote it names, or the price list of that moment); none on orders from before prices.</summary>
    public Price? Price { get; set; }

    /// <summary>Changed only through <see cref="Apply"/> (or the hand-written SQL that names the same transitions).</summary>
    public OrderStatus Status { get; private set; }

    /// <summary>
    /// The letter is written and its final rendered: approved, or delivered since. The one rule for a letter that
    /// exists: what its client may download, what continuity shows the next writer, what a campaign counts as
    /// written and a book binds. A query filters by it (<c>Where(Order.IsWritten)</c>); code asks <see cref="Written"/>.
    /// </summary>
    public static readonly IReadOnlyList<OrderStatus> WrittenStatuses = [OrderStatus.Approved, OrderStatus.Delivered];

    public static readonly Expression<Func<Order, bool>> IsWritten = o => EF.Constant(WrittenArray).Contains(o.Status);

    private static readonly OrderStatus[] WrittenArray = [.. WrittenStatuses];


    /// <summary><see cref="IsWritten"/> as the inside of a SQL <c>IN (…)</c>, for the partial index of written letters.</summary>
    public static string WrittenSql { get; } = StateSql.In(WrittenStatuses);

    /// <summary>
    /// Not yet written: received, waiting, or held by a writer (writing it, or revising it after review). The one rule
    /// for what the SLA clock watches (a draft in review has met it) and what the partial index
    /// <c>ix_orders_unwritten_due</c> holds (its filter is <see cref="UnwrittenSql"/>).
    /// </summary>
    public static readonly IReadOnlyList<OrderStatus> Unwritten =
        [OrderStatus.Received, OrderStatus.Queued, OrderStatus.Claimed, OrderStatus.ChangesRequested];

    /// <summary>
    /// Still open: unwritten or in review, neither written nor stopped (cancelled, failed). A campaign is finished
    /// when none of its letters is open.
    /// </summary>
    public static readonly IReadOnlyList<OrderStatus> Open = [.. Unwritten, OrderStatus.InReview];

    public static readonly Expression<Func<Order, bool>> IsOpen = o => EF.Constant(OpenArray).Contains(o.Status);

    private static readonly OrderStatus[] OpenArray = [.. Open];

    /// <summary>
    /// <see cref="Unwritten"/> for queries: the statuses reach SQL as a literal list (<see cref="EF.Constant{T}"/>),
    /// which the partial index matches; an array parameter would not.
    /// </summary>
    public static readonly Expression<Func<Order, bool>> IsUnwritten = o => EF.Constant(UnwrittenArray).Contains(o.Status);

    private static readonly OrderStatus[] UnwrittenArray = [.. Unwritten];

    public static string UnwrittenSql { get; } = StateSql.In(Unwritten);

    public bool NotYetWritten => Unwritten.Contains(Status);

    public bool Written => WrittenStatuses.Contains(Status);

    // Routing and the queue.
    public Guid? QueueId { get; set; }
    public Queue? Queue { get; set; }

    /// <summary>When the writing must be done: <see cref="DeliverBy"/> less the render and dispatch buffer.</summary>
    public DateTimeOffset DueAt { get; set; }

    public Guid? ClaimedBy { get; set; }
    public DateTimeOffset? ClaimedAt { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }

    /// <summary>Incremented by every claim; the fencing token of the current holder.</summary>
    public int Attempt { get; set; }

    public List<Guid> DeclinedBy { get; set; } = [];

    /// <summary>Continuity: the writer of this client's last letter to this recipient gets first refusal.</summary>
    public Guid? StickyWriterId { get; set; }
    public DateTimeOffset? StickyUntil { get; set; }

    public int LeaseExpiries { get; set; }
    public bool NeedsAdmin { get; set; }
    public int RevisionsUsed { get; set; }

    /// <summary>Test mode only: the autopilot drafts and approves it, so integrators see the whole lifecycle.</summary>
    public bool AutoDraft { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The campaign this letter is one row of, and that row's number; none for an order on its own.</summary>
    public Guid? CampaignId { get; set; }
    public int? CampaignRow { get; set; }

    /// <summary>
    /// A campaign letter's merge fields for this recipient (<c>first_name</c>, <c>custom.gift</c> …): the draft is
    /// written once with <c>{{first_name}}</c> and each recipient's letter is drawn with their own values.
    /// </summary>
    public Dictionary<string, string>? MergeFields { get; set; }

    /// <summary>PostgreSQL's xmin: a save that changed an order someone else changed meanwhile fails instead of winning.</summary>
    public uint Version { get; set; }

    /// <summary>Moves the order and returns the event row that records it; the caller saves both together.</summary>
    public OrderEvent Apply(Transition<OrderStatus> transition, Actor actor, DateTimeOffset at, string? note = null)
    {
        OrderStateMachine.Machine.Check(Status, transition);

        var from = Status;
        Status = transition.To;
        UpdatedAt = at;
        return Record(transition.Name, actor, at, note, from);
    }

    /// <summary>The first line of the timeline: the order arrived (it has no status before this).</summary>
    public OrderEvent Receive(Actor client, DateTimeOffset at)
    {
        var received = Record(OrderEventTypes.Received, client, at);
        received.FromStatus = null;
        return received;
    }

    /// <summary>An event that does not change the status (a priority change, a reassignment between writers).</summary>
    public OrderEvent Record(string type, Actor actor, DateTimeOffset at, string? note = null, OrderStatus? from = null) => new()
    {
        OrderId = Id,
        Type = type,
        FromStatus = from ?? Status,
        ToStatus = Status,
        ActorKind = actor.Kind,
        ActorId = actor.Id,
        ActorName = actor.Name,
        Note = note,
        CreatedAt = at,
    };
}
