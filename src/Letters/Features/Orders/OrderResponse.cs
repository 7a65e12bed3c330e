using Letters.Domain;
using Letters.Handwriting;
using Letters.Features.Recipients;

namespace Letters.Features.Orders;

public sealed record OrderLinks(string Self, string Events, string Proof, string Letter);

/// <summary>An order as the API shows it to its client.</summary>
public sealed record OrderResponse(
    Guid Id,
    string Object,
    string Status,
    string Mode,
    Guid RecipientId,
    RecipientResponse? Recipient,
    string Occasion,
    string Relationship,
    string Brief,
    string Tone,
    string Length,
    string Language,
    string Style,
    string Ink,
    string Paper,
    string PageSize,
    string EnvelopeSize,
    string AddressPlacement,
    ReturnAddress? ReturnAddress,
    string? Signature,
    DateOnly DeliverBy,
    string Priority,
    Dictionary<string, string> Metadata,
    Price? Price,
    bool RevisionAvailable,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    OrderLinks Links)
{
    public static OrderResponse From(Order o, Recipient? recipient) => new(
        o.Id,
        "order",
        o.Status.ToWire(),
        WireNames.Mode(o.IsTest),
        o.RecipientId,
        recipient is null ? null : RecipientResponse.From(recipient),
        o.Occasion,
        o.Letter.Relationship,
        o.Brief,
        o.Letter.Tone,
        o.Letter.Length,
        o.Letter.Language,
        o.Letter.Style,
        o.Letter.Ink,
        o.Letter.Paper,
        o.Letter.PageSize,
        o.EnvelopeSize ?? Catalogue.EnvelopeFor(o.Letter.PageSize),
        o.WindowAddress ? "window" : "envelope",
        o.ReturnAddress,
        o.Letter.Signature,
        o.DeliverBy,
        WireNames.Of(o.Priority),
        // Keys in one order whatever the storage does (jsonb sorts them its own way), so a created order and the
        // same order read back are the same bytes.
        o.Metadata.OrderBy(m => m.Key, StringComparer.Ordinal).ToDictionary(),
        o.Price,
        o.Status == OrderStatus.Delivered && o.RevisionsUsed == 0,
        o.CreatedAt,
        o.UpdatedAt,
        new OrderLinks($"/v1/orders/{o.Id}", $"/v1/orders/{o.Id}/events", $"/v1/orders/{o.Id}/proof.pdf", $"/v1/orders/{o.Id}/letter.pdf"));
}
