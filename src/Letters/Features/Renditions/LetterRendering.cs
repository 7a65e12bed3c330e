using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using Letters.Domain;
using Letters.Handwriting;

namespace Letters.Features.Renditions;

/// <summary>
/// Turns an order's draft into a PDF rendition: the one place the app speaks to the renderer, used for proofs
/// on submission and finals on approval. The seed comes from the order and draft, so re-rendering the same
/// draft gives the same bytes (and the same sha256).
/// </summary>
public static class LetterRendering
{
    /// <summary>
    /// Renders the draft and records it: the rendition and the event that tells the client it is ready
    /// (<c>proof_ready</c> or <c>rendered</c>), added to the context together so they are saved in one transaction.
    /// </summary>
    public static Rendition Record(Data.LettersDbContext db, Order order, Recipient recipient, Draft draft, RenditionKind kind, Actor actor, DateTimeOffset now) =>
        Record(db, order, Render(order, recipient, draft, kind, now), draft.Version, actor, now);

    /// <summary>Records a rendition made beforehand (a campaign renders its batch on every core, then records it).</summary>
    public static Rendition Record(Data.LettersDbContext db, Order order, Rendition rendition, int draftVersion, Actor actor, DateTimeOffset now)
    {
        var kind = rendition.Kind;
        db.Renditions.Add(rendition);
        db.OrderEvents.Add(order.Record(kind == RenditionKind.Proof ? OrderEventTypes.ProofReady : OrderEventTypes.Rendered, actor, now,
            kind == RenditionKind.Proof
                ? $"The proof of version {draftVersion} is ready ({rendition.PageCount} {(rendition.PageCount == 1 ? "page" : "pages")})."
                : $"The final letter is rendered ({rendition.PageCount} {(rendition.PageCount == 1 ? "page" : "pages")}), ready to print."));
        return rendition;
    }

    public static Rendition Render(Order order, Recipient recipient, Draft draft, RenditionKind kind, DateTimeOffset now)
    {
        var rendered = LetterRenderer.Render(Document(order, recipient, draft, kind, now));

        // A final goes to the printer as it is stored: one that a printer would refuse is a renderer fault, and is
        // never stored.
        if (kind == RenditionKind.Final && Preflight.Check(rendered.Pdf, order.PageSize) is { Passed: false } report)
        {
            throw new InvalidOperationException($"The final letter for order {order.Id} failed print preflight: {report}");
        }
        return new Rendition
        {
            Id = Guid.CreateVersion7(now),
            OrderId = order.Id,
            DraftId = draft.Id,
            Kind = kind,
            Pdf = rendered.Pdf,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(rendered.Pdf)),
            PageCount = rendered.PageCount,
            CreatedAt = now,
        };
    }

    /// <summary>
    /// The letter as the renderer sees it. The plotter files are drawn from the same document as the rendition's
    /// PDF (same draft, same seed), so a pen plotter writes exactly the strokes the PDF shows.
    /// </summary>
    public static LetterDocument Document(Order order, Recipient recipient, Draft draft, RenditionKind kind, DateTimeOffset createdAt) => new()
    {
        DateLine = DateLine(order),
        Salutation = Merged(order, draft.Salutation),
        Body = Merged(order, draft.Body),
        Closing = Merged(order, draft.Closing),
        Signature = Merged(order, draft.Signature),
        Language = order.Language,
        Style = order.Style,
        Ink = order.Ink,
        Paper = order.Paper,
        PageSize = order.PageSize,
        Proof = kind == RenditionKind.Proof,
        Seed = Seed(order.Id, draft.Version),
        Title = $"Letter for {recipient.Name}",
        Subject = $"{order.Occasion.Replace('_', ' ')} letter",
        CreatedAt = createdAt,
        Envelope = new Envelope(
            PostalAddress.Lines(recipient, writes: Writes(order)),
            order.ReturnAddress is { } from ? PostalAddress.Lines(From(from), writes: Writes(order)) : null,
            order.EnvelopeSize ?? Catalogue.EnvelopeFor(order.PageSize)),
        AddressPlacement = order.WindowAddress ? AddressPlacement.Window : AddressPlacement.Envelope,
    };

    /// <summary>A campaign letter is written once with merge fields; each recipient's letter is drawn with their own.</summary>
    public static string Merged(Order order, string text) => order.MergeFields is { } fields ? Campaigns.MergeFields.Apply(text, fields) : text;

    private static Func<string, bool> Writes(Order order) => text => Catalogue.UnsupportedCharacters(order.Style, text).Count == 0;

    /// <summary>The return address laid out as any address is, by its own country's convention.</summary>
    private static Recipient From(ReturnAddress a) => new()
    {
        Name = a.Name, AddressLine1 = a.AddressLine1, AddressLine2 = a.AddressLine2, City = a.City, Region = a.Region, PostalCode = a.PostalCode, Country = a.Country,
    };

    /// <summary>The date as the recipient would write it, in the letter's language, on the day it is due.</summary>
    public static string DateLine(Order order)
    {
        CultureInfo culture;
        try
        {
            culture = CultureInfo.GetCultureInfo(order.Language);
        }
        catch (CultureNotFoundException)
        {
            culture = CultureInfo.GetCultureInfo("en");
        }

        var line = order.DeliverBy.ToString(culture.TwoLetterISOLanguageName == "en" ? "d MMMM yyyy" : "D", culture);

        // A language whose month names the handwriting cannot write (Greek, Cyrillic …) gets the English date.
        return Catalogue.UnsupportedCharacters(order.Style, line).Count == 0
            ? line
            : order.DeliverBy.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);
    }

    private static ulong Seed(Guid orderId, int version)
    {
        Span<byte> bytes = stackalloc byte[16];
        orderId.TryWriteBytes(bytes);
        return BinaryPrimitives.ReadUInt64LittleEndian(bytes) ^ BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]) ^ ((ulong)version * 0x9E3779B97F4A7C15UL);
    }
}
