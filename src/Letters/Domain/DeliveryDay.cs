namespace Letters.Domain;

/// <summary>
/// Live letters delivered on one UTC day, counted as each delivery happens (in its transaction), so the queues
/// page's chart reads fourteen rows instead of every delivery of the last two weeks. Test work never counts.
/// </summary>
public sealed class DeliveryDay
{
    public DateOnly Day { get; set; }
    public int Delivered { get; set; }
}
