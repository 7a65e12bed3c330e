using System.Collections.Frozen;

namespace Letters.Domain;

/// <summary>
/// The one place that says which status changes are legal. Handlers ask it before they write, and the
/// tests walk every pair so a new status cannot slip in without a decision about its moves.
/// </summary>
public static class OrderStateMachine
{
    private static readonly FrozenDictionary<OrderStatus, FrozenSet<OrderStatus>> Allowed =
        new Dictionary<OrderStatus, FrozenSet<OrderStatus>>
        {
            // Routing happens right after the order is accepted.
            [OrderStatus.Received] = Set(OrderStatus.Queued, OrderStatus.Cancelled),
            // Claimed by a writer (or handed to one by an admin), or cancelled free of charge.
            [OrderStatus.Queued] = Set(OrderStatus.Claimed, OrderStatus.Cancelled),
            // Submitted, released or expired back to the queue, or cancelled by an admin.
            [OrderStatus.Claimed] = Set(OrderStatus.InReview, OrderStatus.Queued, OrderStatus.Cancelled),
            [OrderStatus.InReview] = Set(OrderStatus.Approved, OrderStatus.ChangesRequested, OrderStatus.Cancelled),
            // The writer keeps the claim while revising; it can still be released or expire.
            [OrderStatus.ChangesRequested] = Set(OrderStatus.InReview, OrderStatus.Queued, OrderStatus.Cancelled),
            [OrderStatus.Approved] = Set(OrderStatus.Delivered),
            // A delivered letter may get one free revision, which goes straight back to its writer.
            [OrderStatus.Delivered] = Set(OrderStatus.Claimed),
            [OrderStatus.Cancelled] = Set(),
        }.ToFrozenDictionary();

    public static bool CanMove(OrderStatus from, OrderStatus to) => Allowed[from].Contains(to);

    public static IReadOnlySet<OrderStatus> NextFrom(OrderStatus from) => Allowed[from];

    /// <summary>Throws when the move is illegal; use where a caller has already checked and a failure is a bug.</summary>
    public static void EnsureCanMove(OrderStatus from, OrderStatus to)
    {
        if (!CanMove(from, to))
        {
            throw new IllegalTransitionException(from, to);
        }
    }

    public static bool IsTerminal(OrderStatus status) => Allowed[status].Count == 0;

    private static FrozenSet<OrderStatus> Set(params OrderStatus[] to) => to.ToFrozenSet();
}

public sealed class IllegalTransitionException(OrderStatus from, OrderStatus to)
    : InvalidOperationException($"An order cannot move from {from.ToWire()} to {to.ToWire()}.")
{
    public OrderStatus From { get; } = from;
    public OrderStatus To { get; } = to;
}
