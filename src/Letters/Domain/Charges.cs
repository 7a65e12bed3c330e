using System.Linq.Expressions;

namespace Letters.Domain;

/// <summary>
/// Which letters a client pays for: every priced order but those cancelled (only possible before a writer takes
/// it) and those that could not be made. Statements list by <see cref="IsCharged"/>; the database keeps
/// <see cref="StatementTotal"/> by <see cref="Sql"/>, written from the same list.
/// </summary>
public static class Charges
{
    public static readonly IReadOnlyList<OrderStatus> Uncharged = [OrderStatus.Cancelled, OrderStatus.Failed];

    public static readonly Expression<Func<Order, bool>> IsCharged = o => o.Price != null && !Uncharged.Contains(o.Status);

    /// <summary>The same rule over a row of <c>orders</c> in SQL (<paramref name="row"/> is NEW or OLD in a trigger).</summary>
    public static string Sql(string row) =>
        $"({row}.price IS NOT NULL AND {row}.status NOT IN ({string.Join(", ", Uncharged.Select(s => $"'{s.ToWire()}'"))}))";
}
