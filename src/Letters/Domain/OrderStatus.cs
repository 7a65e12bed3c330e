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

    /// <summary>The letter could not be made as it stands (it cannot be drawn on its page); its timeline says why.</summary>
    Failed,
}

public static class OrderStatusNames
{
    /// <summary>The wire and database spelling (snake_case), one place for both.</summary>
    public static string ToWire(this OrderStatus status) => WireNames.Of(status);

    public static OrderStatus Parse(string value) => WireNames.Parse<OrderStatus>(value);

    public static bool TryParse(string? value, out OrderStatus status) => WireNames.TryParse(value, out status);
}
