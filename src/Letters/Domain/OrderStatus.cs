namespace Letters.Domain;

/// <summary>Where a letter order stands. Allowed moves live in <see cref="OrderStateMachine"/>.</summary>
public enum OrderStatus
{
    Received,
    Queued,
    Claimed,
    InReview,
    ChangesRequested,
    Approved,
    Delivered,
    Cancelled,
}

public static class OrderStatusNames
{
    /// <summary>The wire and database spelling (snake_case), one place for both.</summary>
    public static string ToWire(this OrderStatus status) => status switch
    {
        OrderStatus.Received => "received",
        OrderStatus.Queued => "queued",
        OrderStatus.Claimed => "claimed",
        OrderStatus.InReview => "in_review",
        OrderStatus.ChangesRequested => "changes_requested",
        OrderStatus.Approved => "approved",
        OrderStatus.Delivered => "delivered",
        OrderStatus.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static OrderStatus Parse(string value) =>
        TryParse(value, out var status) ? status : throw new FormatException($"'{value}' is not an order status.");

    public static bool TryParse(string? value, out OrderStatus status)
    {
        foreach (var candidate in Enum.GetValues<OrderStatus>())
        {
            if (string.Equals(candidate.ToWire(), value, StringComparison.Ordinal))
            {
                status = candidate;
                return true;
            }
        }

        status = default;
        return false;
    }
}
