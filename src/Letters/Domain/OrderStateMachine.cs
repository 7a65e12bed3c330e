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
/// The one place that says which status changes are legal and what each is called. Every status change — through
/// <see cref="Order.Apply"/> or in hand-written SQL — names one of these transitions; the tests walk every pair so a
/// new status cannot slip in without a decision about its moves.
/// </summary>
public static class OrderStateMachine
{
    /// <summary>Statuses in which a writer holds the letter: writing it, or revising it after review.</summary>
    public static readonly FrozenSet<OrderStatus> Held = new[] { OrderStatus.Claimed, OrderStatus.ChangesRequested }.ToFrozenSet();

    /// <summary>Routing happens right after the order is accepted.</summary>
    public static readonly Transition<OrderStatus> Route = new(OrderEventTypes.Queued, OrderStatus.Queued, OrderStatus.Received);

    /// <summary>A writer claims the next letter (the claim's SQL) or the test autopilot takes it.</summary>
    public static readonly Transition<OrderStatus> Claim = new(OrderEventTypes.Claimed, OrderStatus.Claimed, OrderStatus.Queued);

    /// <summary>An admin hands a waiting letter to a named writer.</summary>
    public static readonly Transition<OrderStatus> Assign = new(OrderEventTypes.Reassigned, OrderStatus.Claimed, OrderStatus.Queued);

    public static readonly Transition<OrderStatus> SubmitDraft = new(OrderEventTypes.DraftSubmitted, OrderStatus.InReview, [.. Held]);
    public static readonly Transition<OrderStatus> Approve = new(OrderEventTypes.Approved, OrderStatus.Approved, OrderStatus.InReview);
    public static readonly Transition<OrderStatus> RequestChanges = new(OrderEventTypes.ChangesRequested, OrderStatus.ChangesRequested, OrderStatus.InReview);

    /// <summary>The writer gives the letter back, or went away before starting it.</summary>
    public static readonly Transition<OrderStatus> Release = new(OrderEventTypes.Released, OrderStatus.Queued, [.. Held]);

    /// <summary>The lease ran out: the sweeper puts the letter back in the queue.</summary>
    public static readonly Transition<OrderStatus> ExpireLease = new(OrderEventTypes.LeaseExpired, OrderStatus.Queued, [.. Held]);

    /// <summary>The client cancels, free of charge, until a writer has taken the letter.</summary>
    public static readonly Transition<OrderStatus> CancelByClient = new(OrderEventTypes.Cancelled, OrderStatus.Cancelled, OrderStatus.Received, OrderStatus.Queued);

    /// <summary>An admin may stop a letter until it is approved.</summary>
    public static readonly Transition<OrderStatus> CancelByAdmin = new(OrderEventTypes.Cancelled, OrderStatus.Cancelled,
        OrderStatus.Received, OrderStatus.Queued, OrderStatus.Claimed, OrderStatus.InReview, OrderStatus.ChangesRequested);

    /// <summary>
    /// A recipient's letter of a one-letter campaign takes the campaign letter, reviewed and approved once for all of
    /// them; it waited, received, while that letter was written.
    /// </summary>
    public static readonly Transition<OrderStatus> ApproveFromCampaign = new(OrderEventTypes.Approved, OrderStatus.Approved, OrderStatus.Received);

    /// <summary>The client calls a campaign off before rendering: its letters stop, the one being written too.</summary>
    public static readonly Transition<OrderStatus> CancelWithCampaign = new(OrderEventTypes.Cancelled, OrderStatus.Cancelled,
        OrderStatus.Received, OrderStatus.Queued, OrderStatus.Claimed, OrderStatus.InReview, OrderStatus.ChangesRequested);

    /// <summary>
    /// A letter no person will write again could not be drawn (a campaign recipient's copy, a test letter the
    /// autopilot wrote): it fails alone, with the reason, and is never charged. A writer's letter is not failed: the
    /// writer is asked to shorten what does not fit before it reaches review.
    /// </summary>
    public static readonly Transition<OrderStatus> Fail = new(OrderEventTypes.Failed, OrderStatus.Failed, OrderStatus.Received, OrderStatus.Queued);

    public static readonly Transition<OrderStatus> Deliver = new(OrderEventTypes.Delivered, OrderStatus.Delivered, OrderStatus.Approved);

    /// <summary>A delivered letter may get one free revision, which goes straight back to its writer.</summary>
    public static readonly Transition<OrderStatus> Revise = new(OrderEventTypes.RevisionRequested, OrderStatus.Claimed, OrderStatus.Delivered);

    /// <summary>The lifecycle built from the transitions above: every question about moves is answered here.</summary>
    public static readonly StateMachine<OrderStatus> Machine = new("order",
        [Route, Claim, Assign, SubmitDraft, Approve, RequestChanges, Release, ExpireLease, CancelByClient, CancelByAdmin, ApproveFromCampaign, CancelWithCampaign, Fail, Deliver, Revise]);

    public static IReadOnlyList<Transition<OrderStatus>> All => Machine.All;

    public static bool CanMove(OrderStatus from, OrderStatus to) => Machine.CanMove(from, to);

    public static IReadOnlySet<OrderStatus> NextFrom(OrderStatus from) => Machine.NextFrom(from);

    public static bool IsTerminal(OrderStatus status) => Machine.IsTerminal(status);

    public static bool IsHeld(OrderStatus status) => Held.Contains(status);

    /// <summary><see cref="Held"/> as the inside of a SQL <c>IN (…)</c>.</summary>
    public static string HeldSql { get; } = StateSql.In<OrderStatus>(Held);
}
