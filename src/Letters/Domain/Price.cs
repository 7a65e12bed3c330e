namespace Letters.Domain;

/// <summary>One item of a price: what it is for and what it costs, in the currency's minor units (cents).</summary>
public sealed record PriceLine(string Item, string Description, long Amount);

/// <summary>
/// What an order costs, fixed when it is ordered (or quoted): the total in minor units, its currency and the lines
/// that add up to it. A later change to the price list never changes it.
/// </summary>
public sealed record Price(long Amount, string Currency, IReadOnlyList<PriceLine> Lines);
