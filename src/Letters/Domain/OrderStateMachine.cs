using System.Collections.Frozen;

namespace Letters.Domain;

/// <summary>What happened to an order, in the client's words: the event row's type, on the wire as stored.</summary>
public static class OrderEventTypes
{
    public const string Received = "received";
    public const string Queued = "queued";
    public const string Claimed = "claimed";
    public const string Reassigned = "reassigned";
    public const string DraftSubmitted = "draft_submitted";
    public const string ChangesRequested = "changes_requested";
    public const string Approved = "approved";
    public const string Delivered = "delivered";
    public const string Released = "released";
    public const string LeaseExpired = "lease_expired";
    public const string Cancelled = "cancelled";
    public const string RevisionRequested = "revision_requested";
    public const string PriorityChanged = "priority_changed";
    public const string Failed = "failed";

    /// <summary>The watermarked proof of a submitted draft exists (no status change).</summary>
    public const string ProofReady = "proof_ready";

    /// <summary>The final PDF exists, made on approval (no status change).</summary>
    public const string Rendered = "rendered";
}

/// <summary>
/// One legal move: from any of <see cref="From"/> to <see cref="To"/>, recorded as an event of <see cref="EventType"/>.
/// Hand-written SQL takes its status lists and event name from here (<see cref="FromSql"/>, <see cref="ToSql"/>,
/// <see cref="EventSql"/>), so a move is declared once for C# and SQL alike.
/// </summary>
public sealed class Transition
{
    public Transition(string eventType, OrderStatus to, params OrderStatus[] from)
    {
        EventType = eventType;
        To = to;
        From = from.ToFrozenSet();
        FromSql = string.Join(", ", from.Select(s => $"'{s.ToWire()}'"));
    }

    public string EventType { get; }
    public FrozenSet<OrderStatus> From { get; }
    public OrderStatus To { get; }

    /// <summary>The from-statuses as the inside of a SQL <c>IN (…)</c>: <c>'claimed', 'changes_requested'</c>.</summary>
    public string FromSql { get; }

    /// <summary>The to-status as a SQL literal.</summary>
    public string ToSql => $"'{To.ToWire()}'";

    /// <summary>The event type as a SQL literal.</summary>
    public string EventSql => $"'{EventType}'";

    public bool AppliesTo(OrderStatus status) => From.Contains(status);

    public override string ToString() => $"{EventType}: {string.Join("|", From.Select(s => s.ToWire()))} → {To.ToWire()}";
}

/// <summary>
/// The one place that says which status changes are legal and what each is called. Every status change — through
/// <see cref="Order.Apply"/> or in hand-written SQL — names one of these transitions; the tests walk every pair so a
/// new status cannot slip in without a decision about its moves.
/// </summary>
public static class OrderStateMachine
{
    /// <summary>Statuses in which a writer holds the letter: writing it, or revising it after review.</summary>
    public static readonly FrozenSet<OrderStatus> Held = new[] { OrderStatus.Claimed, OrderStatus.ChangesRequested }.ToFrozenSet();

    /// <summary>Routing happens right after the order is accepted.</summary>
    public static readonly Transition Route = new(OrderEventTypes.Queued, OrderStatus.Queued, OrderStatus.Received);

    /// <summary>A writer claims the next letter (the claim's SQL) or the test autopilot takes it.</summary>
    public static readonly Transition Claim = new(OrderEventTypes.Claimed, OrderStatus.Claimed, OrderStatus.Queued);

    /// <summary>An admin hands a waiting letter to a named writer.</summary>
    public static readonly Transition Assign = new(OrderEventTypes.Reassigned, OrderStatus.Claimed, OrderStatus.Queued);

    public static readonly Transition SubmitDraft = new(OrderEventTypes.DraftSubmitted, OrderStatus.InReview, [.. Held]);
    public static readonly Transition Approve = new(OrderEventTypes.Approved, OrderStatus.Approved, OrderStatus.InReview);
    public static readonly Transition RequestChanges = new(OrderEventTypes.ChangesRequested, OrderStatus.ChangesRequested, OrderStatus.InReview);

    /// <summary>The writer gives the letter back, or went away before starting it.</summary>
    public static readonly Transition Release = new(OrderEventTypes.Released, OrderStatus.Queued, [.. Held]);

    /// <summary>The lease ran out: the sweeper puts the letter back in the queue.</summary>
    public static readonly Transition ExpireLease = new(OrderEventTypes.LeaseExpired, OrderStatus.Queued, [.. Held]);

    /// <summary>The client cancels, free of charge, until a writer has taken the letter.</summary>
    public static readonly Transition CancelByClient = new(OrderEventTypes.Cancelled, OrderStatus.Cancelled, OrderStatus.Received, OrderStatus.Queued);

    /// <summary>An admin may stop a letter until it is approved.</summary>
    public static readonly Transition CancelByAdmin = new(OrderEventTypes.Cancelled, OrderStatus.Cancelled,
        OrderStatus.Received, OrderStatus.Queued, OrderStatus.Claimed, OrderStatus.InReview, OrderStatus.ChangesRequested);

    /// <summary>
    /// A recipient's letter of a one-letter campaign takes the campaign letter, reviewed and approved once for all of
    /// them; it waited, received, while that letter was written.
    /// </summary>
    public static readonly Transition ApproveFromCampaign = new(OrderEventTypes.Approved, OrderStatus.Approved, OrderStatus.Received);

    /// <summary>The client calls a campaign off before rendering: its letters stop, the one being written too.</summary>
    public static readonly Transition CancelWithCampaign = new(OrderEventTypes.Cancelled, OrderStatus.Cancelled,
        OrderStatus.Received, OrderStatus.Queued, OrderStatus.Claimed, OrderStatus.InReview, OrderStatus.ChangesRequested);

    /// <summary>
    /// A letter no person will write again could not be drawn (a campaign recipient's copy, a test letter the
    /// autopilot wrote): it fails alone, with the reason, and is never charged. A writer's letter is not failed: the
    /// writer is asked to shorten what does not fit before it reaches review.
    /// </summary>
    public static readonly Transition Fail = new(OrderEventTypes.Failed, OrderStatus.Failed, OrderStatus.Received, OrderStatus.Queued);

    public static readonly Transition Deliver = new(OrderEventTypes.Delivered, OrderStatus.Delivered, OrderStatus.Approved);

    /// <summary>A delivered letter may get one free revision, which goes straight back to its writer.</summary>
    public static readonly Transition Revise = new(OrderEventTypes.RevisionRequested, OrderStatus.Claimed, OrderStatus.Delivered);

    public static readonly IReadOnlyList<Transition> All =
        [Route, Claim, Assign, SubmitDraft, Approve, RequestChanges, Release, ExpireLease, CancelByClient, CancelByAdmin, ApproveFromCampaign, CancelWithCampaign, Fail, Deliver, Revise];

    private static readonly FrozenDictionary<OrderStatus, FrozenSet<OrderStatus>> Allowed =
        Enum.GetValues<OrderStatus>().ToFrozenDictionary(
            from => from,
            from => All.Where(t => t.AppliesTo(from)).Select(t => t.To).ToFrozenSet());

    public static bool CanMove(OrderStatus from, OrderStatus to) => Allowed[from].Contains(to);

    public static IReadOnlySet<OrderStatus> NextFrom(OrderStatus from) => Allowed[from];

    public static bool IsTerminal(OrderStatus status) => Allowed[status].Count == 0;

    public static bool IsHeld(OrderStatus status) => Held.Contains(status);

    /// <summary><see cref="Held"/> as the inside of a SQL <c>IN (…)</c>.</summary>
    public static string HeldSql { get; } = string.Join(", ", Held.Select(s => $"'{s.ToWire()}'"));
}

public sealed class IllegalTransitionException(OrderStatus from, Transition transition)
    : InvalidOperationException($"An order cannot move from {from.ToWire()} to {transition.To.ToWire()} ({transition.EventType}).")
{
    public OrderStatus From { get; } = from;
    public OrderStatus To { get; } = transition.To;
}
