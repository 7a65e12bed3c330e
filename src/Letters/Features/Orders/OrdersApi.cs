using Letters.Infrastructure;

namespace Letters.Features.Orders;

/// <summary>The words an order may use. Stored and sent as these exact strings.</summary>
public static class OrderVocabulary
{
    public static readonly string[] Occasions = ["anniversary", "birthday", "love", "thank_you", "condolence", "apology", "congratulations", "friendship", "other"];
    public static readonly string[] Tones = ["warm", "romantic", "formal", "playful", "solemn"];

    /// <summary>Target lengths and their approximate word counts.</summary>
    public static readonly Dictionary<string, int> Lengths = new() { ["short"] = 120, ["standard"] = 250, ["long"] = 500 };

    public static readonly string[] Priorities = ["standard", "rush"];
}

public sealed class OrderingOptions
{
    /// <summary>Days from ordering to the earliest allowed deliver_by.</summary>
    public int MinimumTurnaroundDaysStandard { get; set; } = 5;

    public int MinimumTurnaroundDaysRush { get; set; } = 2;

    public int MaximumDaysAhead { get; set; } = 180;

    /// <summary>Rendering, printing and posting: the writing is due this long before deliver_by.</summary>
    public TimeSpan RenderAndDispatchBuffer { get; set; } = TimeSpan.FromDays(2);

    /// <summary>How long the writer of the last letter to the same person has first refusal.</summary>
    public TimeSpan StickyWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>A free revision goes straight back to its writer, who has this long to pick it up.</summary>
    public TimeSpan RevisionLease { get; set; } = TimeSpan.FromHours(8);

    public TimeSpan IdempotencyKeyLifetime { get; set; } = TimeSpan.FromHours(24);
}

/// <summary><c>/v1/orders</c>: clients order letters and follow them. Another client's order is a 404.</summary>
public static class OrdersApi
{
    public static RouteGroupBuilder MapOrders(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapClientApi("/v1/orders", "Orders")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        CreateOrder.Map(group);
        ListOrders.Map(group);
        GetOrder.Map(group);
        CancelOrder.Map(group);
        OrderEvents.Map(group);
        OrderDocuments.Map(group);
        PlotterDocuments.Map(group);
        OrderThumbnails.Map(group);
        RequestRevision.Map(group);
        return group;
    }
}
