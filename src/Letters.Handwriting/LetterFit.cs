namespace Letters.Handwriting;

/// <summary>
/// A line of the letter that cannot be written where the layout puts it. <see cref="Field"/> names the part of the
/// document (<c>salutation</c>, <c>closing</c>, <c>signature</c>, <c>date</c>, <c>recipient</c>,
/// <c>return_address</c>); <see cref="Text"/> is the line as written; <see cref="Fits"/> is how many of its
/// characters would fit.
/// </summary>
public sealed record FitProblem(string Field, string Text, int Fits, string Message);

/// <summary>
/// Whether every line the layout places on one line (the date, the salutation, the closing, the signature, the
/// address lines) fits where the layout puts it, in this style on this page, whatever the seed: measured by the
/// layout's own rules with the widest hand the style ever writes. The body wraps and turns pages, so it always fits.
/// A letter is checked with this when it is written, so that one that cannot be drawn is refused with what to
/// shorten, instead of failing when it is rendered for print.
/// </summary>
public static class LetterFit
{
    public static IReadOnlyList<FitProblem> Check(LetterDocument document)
    {
        LetterRenderer.EnsureInitialized();
        var style = Catalogue.FindStyle(document.Style) ?? throw new ArgumentException($"Unknown style '{document.Style}'.", nameof(document));
        var (_, _, size) = Catalogue.Materials(document);
        var metrics = Catalogue.Measure(style);
        var hand = Hand.Widest(style, size);
        var room = Layout.Room(hand.Usable(size));
        var problems = new List<FitProblem>();

        void Line(string field, LineKind kind, string? text, bool typeset = true)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return;
            }

            var written = typeset ? Typography.Set(Layout.Clean(text), document.Language, metrics) : Layout.Clean(text);
            if (Layout.LineWidth(kind, written, metrics, hand) is var width && width > room)
            {
                var fits = Fitting(written, t => Layout.LineWidth(kind, t, metrics, hand) <= room);
                problems.Add(new(field, written, fits,
                    $"The {Words(field)} “{written}” is too wide for one line on {size.Name} paper in {style.Name}: about {fits} of its {written.Length} characters fit. Shorten it."));
            }
        }

        Line("date", LineKind.Date, document.DateLine, typeset: false);
        Line("salutation", LineKind.Salutation, document.Salutation);
        Line("closing", LineKind.Closing, document.Closing);
        Line("signature", LineKind.Signature, document.Signature);
        if (document.Envelope is { } envelope)
        {
            if (document.AddressPlacement == AddressPlacement.Window)
            {
                Window(document, envelope, style, metrics, size, problems);
            }
            else
            {
                var addressStyle = Catalogue.AddressStyleFor(style, envelope);
                Envelope(envelope, addressStyle, addressStyle == style ? metrics : Catalogue.Measure(addressStyle), problems);
            }
        }

        return problems;
    }

    private static void Envelope(Envelope envelope, HandwritingStyle style, ITextMeasure metrics, List<FitProblem> problems)
    {
        var size = EnvelopePainter.SizeOf(envelope);
        var hand = Hand.Widest(style, size);
        var room = EnvelopePainter.Room(size);
        foreach (var (field, kind, lines) in new[] { ("recipient", LineKind.Recipient, envelope.Recipient), ("return_address", LineKind.ReturnAddress, envelope.ReturnAddress ?? []) })
        {
            foreach (var line in lines)
            {
                if (Layout.LineWidth(kind, line, metrics, hand) > room)
                {
                    var fits = Fitting(line, t => Layout.LineWidth(kind, t, metrics, hand) <= room);
                    problems.Add(new(field, line, fits,
                        $"The {Words(field)} line “{line}” is too wide for the envelope ({size.Name}) in {style.Name}: about {fits} of its {line.Length} characters fit. Shorten it."));
                }
            }
        }
    }

    private static void Window(LetterDocument document, Envelope envelope, HandwritingStyle style, ITextMeasure metrics, PageSize size, List<FitProblem> problems)
    {
        if (WindowPanels.For(document.PageSize) is not { } panels)
        {
            return;
        }

        var (returnScale, recipientScale) = panels.Scales(envelope, style, metrics, Hand.Widest(style, size));
        foreach (var (field, scale, lines) in new[] { ("recipient", recipientScale, envelope.Recipient), ("return_address", returnScale, envelope.ReturnAddress ?? []) })
        {
            if (scale is { } written && written < WindowPanels.SmallestReadable)
            {
                var longest = lines.MaxBy(l => metrics.Measure(l))!;
                problems.Add(new(field, longest, (int)(longest.Length * written / WindowPanels.SmallestReadable),
                    $"The {Words(field)} is too long to be read through the envelope's window: it would be written at {Math.Round(written * 100).ToString(System.Globalization.CultureInfo.InvariantCulture)}% of the letter's size. Shorten “{longest}”, or send the letter in an envelope of its own."));
            }
        }
    }

    /// <summary>The longest prefix, in characters, that still fits.</summary>
    private static int Fitting(string text, Func<string, bool> fits)
    {
        int low = 0, high = text.Length;
        while (low < high)
        {
            var mid = (low + high + 1) / 2;
            if (fits(text[..mid]))
            {
                low = mid;
            }
            else
            {
                high = mid - 1;
            }
        }

        return low;
    }

    private static string Words(string field) => field switch
    {
        "return_address" => "return address",
        "recipient" => "address",
        _ => field,
    };
}
