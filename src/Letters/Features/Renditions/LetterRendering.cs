using System.Buffers.Binary;
using System.Globalization;
using Letters.Domain;
using Letters.Handwriting;
using Letters.Infrastructure;

namespace Letters.Features.Renditions;

/// <summary>
/// Turns an order's draft into a PDF rendition: the one place the app speaks to the renderer, used for proofs
/// on submission and finals on approval. The seed comes from the order and draft, so re-rendering the same
/// draft gives the same bytes (and the same sha256).
/// </summary>
public static class LetterRendering
{
    /// <summary>
    /// Records a rendition drawn beforehand, outside the transaction (<see cref="OutsideTransactions"/>): the rendition
    /// and the event that tells the client it is ready (<c>proof_ready</c> or <c>rendered</c>), and the job that makes
    /// its page pictures ahead, added to the context together so they are saved in one transaction.
    /// </summary>
    public static Rendition Record(Data.LettersDbContext db, Order order, Rendition rendition, int draftVersion, Actor actor, DateTimeOffset now)
    {
        var kind = rendition.Kind;
        db.Renditions.Add(rendition);
        db.PictureJobs.Add(new PictureJob { RenditionId = rendition.Id, ClientId = order.ClientId, NextAttemptAt = now, CreatedAt = now });
        db.OrderEvents.Add(order.Record(kind == RenditionKind.Proof ? OrderEventTypes.ProofReady : OrderEventTypes.Rendered, actor, now,
            kind == RenditionKind.Proof
                ? $"The proof of version {draftVersion} is ready ({rendition.PageCount} {(rendition.PageCount == 1 ? "page" : "pages")})."
                : $"The final letter is rendered ({rendition.PageCount} {(rendition.PageCount == 1 ? "page" : "pages")}), ready to print."));
        return rendition;
    }

    /// <summary>
    /// The lines of this letter that cannot be written where the layout puts them (a signature too wide for the page,
    /// an address line too wide for the envelope), as field errors in the API's words: the one check made wherever a
    /// letter's text is decided (an order, a campaign row, a standing order, a draft), by the renderer's own layout.
    /// A one-letter campaign's draft is checked as each of <paramref name="merges"/> will read it.
    /// </summary>
    public static Dictionary<string, string[]> FitErrors(Order order, Recipient recipient, Draft draft, IEnumerable<IReadOnlyDictionary<string, string>?>? merges = null)
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var fields in merges ?? [order.MergeFields])
        {
            var document = Document(order, recipient, draft, RenditionKind.Final, order.CreatedAt, fields);
            if (!seen.Add(string.Join('\n', document.Salutation, document.Closing, document.Signature)))
            {
                continue;
            }

            foreach (var problem in LetterFit.Check(document))
            {
                var field = FieldOf(problem, recipient, order.ReturnAddress);
                var list = errors.TryGetValue(field, out var found) ? found : errors[field] = [];
                if (list.Count < 3 && !list.Contains(problem.Message))
                {
                    list.Add(problem.Message);
                }
            }
        }

        return errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
    }

    /// <summary>
    /// The request field a line came from: the letter's own parts by name; an address line by the field whose value
    /// it holds (the post's conventions join and capitalise them), else the address as a whole.
    /// </summary>
    private static string FieldOf(FitProblem problem, Recipient recipient, ReturnAddress? returnAddress)
    {
        if (problem.Field is not ("recipient" or "return_address"))
        {
            return problem.Field;
        }

        var fields = problem.Field == "recipient"
            ? new (string Name, string? Value)[] { ("name", recipient.Name), ("address_line1", recipient.AddressLine1), ("address_line2", recipient.AddressLine2), ("city", recipient.City), ("region", recipient.Region), ("postal_code", recipient.PostalCode) }
            : [("name", returnAddress?.Name), ("address_line1", returnAddress?.AddressLine1), ("address_line2", returnAddress?.AddressLine2), ("city", returnAddress?.City), ("region", returnAddress?.Region), ("postal_code", returnAddress?.PostalCode)];
        var match = fields.Where(f => !string.IsNullOrWhiteSpace(f.Value) && problem.Text.Contains(f.Value!.Trim(), StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(f => f.Value!.Length).Select(f => f.Name).FirstOrDefault();
        return match is null ? problem.Field : $"{problem.Field}.{match}";
    }

    /// <summary>
    /// Draws the draft and keeps its PDF (<see cref="Documents"/>). A final is drawn only if every line fits where the layout puts it, and is read back by the
    /// print preflight before it is kept: one a printer would refuse is never stored. Either failure is a
    /// <see cref="RenderFailedException"/> that says why, for the one letter it concerns.
    /// </summary>
    public static async Task<Rendition> RenderAsync(Documents documents, MailBarcodes barcodes, Order order, Recipient recipient, Draft draft, RenditionKind kind, DateTimeOffset now, CancellationToken ct)
    {
        var barcode = await barcodes.ForAsync(recipient, kind, ct);
        var rendered = Draw(order, recipient, draft, kind, now, barcode?.Bars);
        return new Rendition
        {
            Id = Guid.CreateVersion7(now),
            OrderId = order.Id,
            DraftId = draft.Id,
            Kind = kind,
            Sha256 = await documents.PutAsync(rendered.Pdf, "application/pdf", ct),
            PageCount = rendered.PageCount,
            MailSerial = barcode?.Serial,
            CreatedAt = now,
        };
    }

    /// <summary>The letter drawn and checked as <see cref="RenderAsync"/> does, not kept (a preview).</summary>
    public static RenderedLetter Draw(Order order, Recipient recipient, Draft draft, RenditionKind kind, DateTimeOffset now, string? barcode = null)
    {
        var document = Document(order, recipient, draft, kind, now);
        if (barcode is not null)
        {
            document = document with { Envelope = document.Envelope! with { Barcode = barcode } };
        }

        if (kind == RenditionKind.Final && LetterFit.Check(document) is { Count: > 0 } unfit)
        {
            throw new RenderFailedException(order.Id, string.Join(" ", unfit.Select(p => p.Message)));
        }

        OutsideTransactions.Ensure("drawing a letter");
        RenderedLetter rendered;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            rendered = LetterRenderer.Render(document);
        }
        catch (UnsupportedCharactersException e)
        {
            throw new RenderFailedException(order.Id, $"The handwriting '{order.Letter.Style}' cannot write: {string.Join(" ", e.Characters)}.", e);
        }

        LettersMetrics.RenderDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds,
            new KeyValuePair<string, object?>("style", LettersMetrics.StyleFamily(document.Style)), new KeyValuePair<string, object?>("kind", WireNames.Of(kind)));

        if (kind == RenditionKind.Final && Preflight.Check(rendered.Pdf, order.Letter.PageSize) is { Passed: false } report)
        {
            throw new RenderFailedException(order.Id, $"The final letter failed its print check: {report}");
        }

        return rendered;
    }

    /// <summary>
    /// The letter as the renderer sees it. The plotter files are drawn from the same document as the rendition's
    /// PDF (same draft, same seed), so a pen plotter writes exactly the strokes the PDF shows.
    /// </summary>
    public static LetterDocument Document(Order order, Recipient recipient, Draft draft, RenditionKind kind, DateTimeOffset createdAt) =>
        Document(order, recipient, draft, kind, createdAt, order.MergeFields);

    private static LetterDocument Document(Order order, Recipient recipient, Draft draft, RenditionKind kind, DateTimeOffset createdAt, IReadOnlyDictionary<string, string>? merge)
    {
        var document = DocumentIn(order.Letter.Style, order, recipient, draft, kind, createdAt, merge);
        return StyleOf(order, draft, document) is { } hand && hand != document.Style ? document with { Style = hand } : document;
    }

    /// <summary>
    /// The style a draft is written in: the client's when they named one (they keep it); else the hand of the writer
    /// who wrote the draft, when it is approved and can write every character of the letter and its envelope; else the
    /// order's default. Decided here, once, for the preview, the proof, the final, the plotter files and the book alike.
    /// </summary>
    public static string StyleOf(Order order, Draft draft) =>
        StyleOf(order, draft, DocumentIn(order.Letter.Style, order, order.Recipient!, draft, RenditionKind.Proof, order.CreatedAt, order.MergeFields)) ?? order.Letter.Style;

    private static string? StyleOf(Order order, Draft draft, LetterDocument document)
    {
        if (order.Letter.StyleNamed || Features.Hands.HandShelf.StyleOf(draft.WriterId) is not { } hand)
        {
            return null;
        }

        var text = string.Join('\n', new[] { document.DateLine, document.Salutation, document.Body, document.Closing, document.Signature }
            .Concat(document.Envelope is { } envelope ? EnvelopeLines(envelope) : []));
        return Catalogue.UnsupportedCharacters(hand, text).Count == 0 ? hand : null;
    }

    private static IEnumerable<string?> EnvelopeLines(Envelope envelope) => envelope.Recipient.Concat(envelope.ReturnAddress ?? []);

    private static LetterDocument DocumentIn(string style, Order order, Recipient recipient, Draft draft, RenditionKind kind, DateTimeOffset createdAt, IReadOnlyDictionary<string, string>? merge) => new()
    {
        DateLine = DateLine(order),
        Salutation = Merged(merge, draft.Salutation),
        Body = Merged(merge, draft.Body),
        Closing = Merged(merge, draft.Closing),
        Signature = Merged(merge, draft.Signature),
        Language = order.Letter.Language,
        Style = style,
        Ink = order.Letter.Ink,
        Paper = order.Letter.Paper,
        PageSize = order.Letter.PageSize,
        Proof = kind == RenditionKind.Proof,
        Seed = Seed(order.Id, draft.Version),
        Title = $"Letter for {recipient.Name}",
        Subject = $"{Display.Phrase(order.Occasion)} letter",
        CreatedAt = createdAt,
        Envelope = new Envelope(
            PostalAddress.Lines(recipient, writes: Writes(order)),
            order.ReturnAddress is { } from ? PostalAddress.Lines(From(from), writes: Writes(order)) : null,
            order.EnvelopeSize ?? Catalogue.EnvelopeFor(order.Letter.PageSize)),
        AddressPlacement = order.WindowAddress ? AddressPlacement.Window : AddressPlacement.Envelope,
    };

    /// <summary>A campaign letter is written once with merge fields; each recipient's letter is drawn with their own.</summary>
    public static string Merged(Order order, string text) => Merged(order.MergeFields, text);

    private static string Merged(IReadOnlyDictionary<string, string>? fields, string text) => fields is null ? text : Campaigns.MergeFields.Apply(text, fields);

    private static Func<string, bool> Writes(Order order) => text => Catalogue.UnsupportedCharacters(order.Letter.Style, text).Count == 0;

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
            culture = CultureInfo.GetCultureInfo(order.Letter.Language);
        }
        catch (CultureNotFoundException)
        {
            culture = CultureInfo.GetCultureInfo("en");
        }

        var line = order.DeliverBy.ToString(culture.TwoLetterISOLanguageName == "en" ? "d MMMM yyyy" : "D", culture);

        // A language whose month names the handwriting cannot write (Greek, Cyrillic …) gets the English date.
        return Catalogue.UnsupportedCharacters(order.Letter.Style, line).Count == 0
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

/// <summary>One letter could not be drawn as it stands; <see cref="Reason"/> says why, in words an admin can act on.</summary>
public sealed class RenderFailedException(Guid orderId, string reason, Exception? inner = null)
    : Exception($"The letter for order {orderId} could not be rendered: {reason}", inner)
{
    public Guid OrderId { get; } = orderId;
    public string Reason { get; } = reason;
}
